using System.Security.Cryptography;

namespace ChatApp.Hosting;

/// <summary>
/// Defence in depth behind the inert-markdown pipeline: a page gets a Content-Security-Policy that runs only the
/// app's own scripts (and Blazor's import map, by a per-request nonce), styles from the app plus the inline ones
/// MudBlazor's theme writes, WebSockets back to this origin only, no plugins, no framing. Every other response (the
/// API's JSON and event streams, scripts, styles, images) gets one fixed policy that allows nothing, as an API
/// should: no nonce to make and no policy string to build for each of thousands of streams. All responses: no MIME
/// sniffing, no referrer beyond the origin. Model output that slipped through as markup still could not run anything.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "chatapp.csp.nonce";

    /// <summary>The policy of every response that is not a page (nothing it contains may load or run anything).</summary>
    public const string NotAPagePolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>This request's script nonce (for the inline import map Blazor renders), made on first use.</summary>
    public static string NonceOf(HttpContext context)
    {
        if (context.Items.TryGetValue(NonceItem, out var made) && made is string nonce)
        {
            return nonce;
        }
        nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceItem] = nonce;
        return nonce;
    }

    /// <summary>The policy of a page whose inline scripts carry <paramref name="nonce"/>.</summary>
    public static string PagePolicy(string nonce) => string.Join("; ",
        "default-src 'self'",
        $"script-src 'self' 'nonce-{nonce}'",
        "style-src 'self' 'unsafe-inline'",
        // Answers may show images from the web (http/https only; the markdown pipeline drops other schemes).
        "img-src 'self' data: blob: https: http:",
        "connect-src 'self'",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'");

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = NotAPagePolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // Whether this is a page is known once its content type is set: a Razor page, an error page, a not-found.
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                context.Response.Headers.ContentSecurityPolicy = PagePolicy(NonceOf(context));
            }
            return Task.CompletedTask;
        }, context);
        return next(context);
    });
}
