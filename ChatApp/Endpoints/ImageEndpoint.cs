using ChatApp.Identity;
using ChatApp.Storage;
using Microsoft.Net.Http.Headers;

namespace ChatApp.Endpoints;

/// <summary><c>GET /images/{id}</c>: an image the requesting browser attached (its identity cookie); anyone else's id is a 404.</summary>
public static class ImageEndpoint
{
    public static async Task<IResult> HandleAsync(Guid id, HttpContext context, AnonymousIdentity identity, ConversationStore store)
    {
        var image = await store.GetImageAsync(identity.GetOrIssue(context), id, context.RequestAborted);
        if (image is null)
        {
            return Results.NotFound();
        }
        // An image never changes under its id; private: it is one browser's.
        context.Response.Headers.CacheControl = "private, max-age=31536000, immutable";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.File(image.Bytes, image.ContentType);
    }
}
