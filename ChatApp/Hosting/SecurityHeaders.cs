using System.Security.Cryptography;

namespace ChatApp.Hosting;

/// <summary>
/// Defence in depth behind the inert-markdown pipeline: a Content-Security-Policy that runs only the app's own
/// scripts (and Blazor's import map, by a per-request nonce), styles from the app plus the inline ones MudBlazor's
/// theme writes, WebSockets back to this origin only, no plugins, no framing; and no MIME sniffing, no referrer
/// beyond the origin. Model output that slipped through as markup still could not run anything.
/// </summary>
public static class SecurityHeaders
{
    private const string NonceItem = "chatapp.csp.nonce";

    /// <summary>This request's script nonce (for the inline import map Blazor renders).</summary>
    public static string NonceOf(HttpContext context) => context.Items[NonceItem] as string ?? "";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
        context.Items[NonceItem] = nonce;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = string.Join("; ",
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
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        return next(context);
    });
}
