using ChatApp.Configuration;
using ChatApp.Conversations;
using Microsoft.SemanticKernel;

namespace ChatApp.Endpoints;

/// <summary>
/// An image an HTTP client put in a message (OpenAI's <c>image_url</c> part, the AI SDK's image <c>file</c>
/// part), held to the same rules as the composer's uploads. A <c>data:</c> URL's bytes are checked here (type
/// sniffed from the bytes, <c>Chat:Uploads:MaxImageBytes</c>); an <c>https</c> URL is passed on for the
/// provider to fetch (this server never fetches it).
/// </summary>
public static class RequestImage
{
    /// <summary>The image content for <paramref name="url"/>; an <see cref="ArgumentException"/> saying what is wrong otherwise.</summary>
    /// <param name="name">How the error names this image ("image 1 of message 2").</param>
    public static ImageContent Parse(string? url, string name, UploadsOptions limits)
    {
        if (string.IsNullOrEmpty(url))
        {
            throw new ArgumentException($"{name} has no URL.");
        }
        if (!url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
                ? new ImageContent(uri)
                : throw new ArgumentException($"{name}: the URL must be a data: URL or an http(s) URL.");
        }

        var comma = url.IndexOf(',', StringComparison.Ordinal);
        if (comma < 0 || !url[..comma].EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{name}: a data: URL must be base64 (data:image/png;base64,…).");
        }
        var payload = url.AsSpan(comma + 1);
        // Base64 is 4 characters for every 3 bytes: a payload far over the limit is refused before decoding.
        var atMost = payload.Length / 4L * 3;
        if (atMost > limits.MaxImageBytes + 2L)
        {
            throw new ArgumentException(ImagePolicy.CheckSize(name, atMost, limits));
        }
        var bytes = new byte[atMost + 3];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var length))
        {
            throw new ArgumentException($"{name}: the data: URL is not valid base64.");
        }
        if (ImagePolicy.CheckSize(name, length, limits) is { } sizeError)
        {
            throw new ArgumentException(sizeError);
        }
        var data = bytes.AsMemory(0, length);
        var type = ImagePolicy.SniffContentType(data.Span)
            ?? throw new ArgumentException(ImagePolicy.CheckContent(name, data.Span));
        return new ImageContent(data, type);
    }
}
