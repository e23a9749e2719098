using ChatApp.Endpoints;
using ChatApp.Identity;

namespace ChatApp.Hosting;

/// <summary>The HTTP surface of ui-contract.md §5, and the identity every page request carries.</summary>
public static class ChatAppEndpointExtensions
{
    /// <summary>Every page request carries (or gets) the browser's anonymous identity; API and asset requests do not need one.</summary>
    public static IApplicationBuilder UseAnonymousIdentity(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var path = context.Request.Path;
        var needsIdentity = !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !path.StartsWithSegments("/v1") && !path.StartsWithSegments("/api/chat")
            && !path.StartsWithSegments("/metrics") && !path.StartsWithSegments("/healthz");
        if (needsIdentity)
        {
            context.RequestServices.GetRequiredService<AnonymousIdentity>().GetOrIssue(context);
        }
        return next(context);
    });

    public static IEndpointRouteBuilder MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok")).ExcludeFromDescription();
        endpoints.MapPrometheusScrapingEndpoint("/metrics");
        endpoints.MapPost("/v1/chat/completions", OpenAiCompatibleEndpoint.HandleAsync).DisableAntiforgery();
        endpoints.MapPost("/api/chat", AiSdkChatEndpoint.HandleAsync).DisableAntiforgery();
        endpoints.MapGet("/api/conversations/{id:guid}/export.{format}", ConversationExportEndpoint.HandleAsync);
        endpoints.MapGet("/images/{id:guid}", ImageEndpoint.HandleAsync);
        return endpoints;
    }
}
