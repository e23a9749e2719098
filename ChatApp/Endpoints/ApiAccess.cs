using System.Net;
using System.Security.Cryptography;
using System.Text;
using ChatApp.Configuration;
using Microsoft.Extensions.Options;

namespace ChatApp.Endpoints;

/// <summary>
/// Who may call the HTTP APIs. With keys configured (<c>Chat:Api:Keys</c>), a call needs one as a bearer token
/// (401 otherwise); with none, only this machine is served (403 for anyone else, naming the setting), so a fresh
/// install never spends its operator's provider keys on whoever can reach the port. The caller's identity (a
/// key's fingerprint, never the key) is what the limits count against. Keys are never logged.
/// </summary>
public sealed class ApiAccess(IOptions<ChatOptions> options) : IEndpointFilter
{
    private const string CallerItem = "chatapp.api.caller";

    private readonly byte[][] _keyHashes = options.Value.Api.Keys.Select(Hash).ToArray();

    /// <summary>The identity limits count against for this request (set once access was granted).</summary>
    public static string CallerOf(HttpContext context) => context.Items[CallerItem] as string ?? "loopback";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (_keyHashes.Length == 0)
        {
            if (context.Connection.RemoteIpAddress is { } remote && !IPAddress.IsLoopback(remote))
            {
                return ApiErrors.Of(StatusCodes.Status403Forbidden,
                    "This server answers API calls from its own machine only. Set Chat:Api:Keys:0 (and send it as a bearer token) to serve other clients.",
                    "permission_denied", "api_keys_not_configured");
            }
            context.Items[CallerItem] = "loopback";
            return await next(invocation);
        }
        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : "";
        var hash = Hash(presented);
        var match = _keyHashes.Select((known, index) => (known, index)).FirstOrDefault(k => CryptographicOperations.FixedTimeEquals(k.known, hash));
        if (presented.Length == 0 || match.known is null)
        {
            return ApiErrors.Of(StatusCodes.Status401Unauthorized,
                presented.Length == 0 ? "This server needs an API key: send Authorization: Bearer <key>." : "The API key is not valid.",
                "invalid_request_error", "invalid_api_key");
        }
        context.Items[CallerItem] = $"key:{Convert.ToHexString(hash)[..12]}";
        return await next(invocation);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
