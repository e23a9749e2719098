using System.ClientModel;
using System.Globalization;
using Microsoft.SemanticKernel;

namespace ChatApp.Providers;

/// <summary>Reads what a provider's failure says: its HTTP status and Retry-After, across the exception types the SDKs use.</summary>
public static class ProviderError
{
    public static int? StatusCodeOf(Exception exception) => exception switch
    {
        ProviderRefusedException refused => refused.Status,
        HttpOperationException { StatusCode: { } code } => (int)code,
        HttpRequestException { StatusCode: { } code } => (int)code,
        ClientResultException { Status: > 0 } result => result.Status,
        Anthropic.Exceptions.AnthropicApiException anthropic => (int)anthropic.StatusCode,
        { InnerException: { } inner } => StatusCodeOf(inner),
        _ => null,
    };

    public static TimeSpan? RetryAfterOf(Exception exception, DateTimeOffset now)
    {
        switch (exception)
        {
            case ProviderRefusedException { RetryAfter: { } delay }:
                return delay;
            case ClientResultException result when result.GetRawResponse()?.Headers is { } headers
                && headers.TryGetValue("Retry-After", out var value) && value is not null:
                if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
                {
                    return TimeSpan.FromSeconds(seconds);
                }
                if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
                {
                    return at > now ? at - now : TimeSpan.Zero;
                }
                return null;
            case { InnerException: { } inner }:
                return RetryAfterOf(inner, now);
            default:
                return null;
        }
    }

    /// <summary>
    /// What the provider said about a refused request, from its error body (<c>error.message</c>) or the
    /// SDK's exception message; null when it said nothing usable.
    /// </summary>
    public static string? MessageOf(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HttpOperationException { ResponseContent: { Length: > 0 } body } && ErrorMessageIn(body) is { } fromBody)
            {
                return fromBody;
            }
        }
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // The OpenAI SDK: "HTTP 400 (invalid_request_error: code)\n\nthe provider's message".
            if (e is ClientResultException && e.Message.Split("\n\n", 2) is [_, var detail] && detail.Trim().Length > 0)
            {
                return detail.Trim();
            }
            if (e is Anthropic.Exceptions.AnthropicApiException && ErrorMessageIn(e.Message) is { } anthropic)
            {
                return anthropic;
            }
        }
        return null;
    }

    private static string? ErrorMessageIn(string body)
    {
        try
        {
            var start = body.IndexOf('{');
            using var json = System.Text.Json.JsonDocument.Parse(start >= 0 ? body[start..] : body);
            var root = json.RootElement;
            var error = root.TryGetProperty("error", out var e) ? e : root;
            return error.ValueKind == System.Text.Json.JsonValueKind.String ? error.GetString()
                : error.ValueKind == System.Text.Json.JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The provider refused because the request offered tools it cannot take (Ollama: "does not support
    /// tools"; vLLM without a tool parser; llama.cpp without --jinja): worth asking again without them.
    /// </summary>
    public static bool RejectsTools(Exception exception) =>
        StatusCodeOf(exception) is 400 or 404 or 422 or 501
        && MessageOf(exception) is { } message && message.Contains("tool", StringComparison.OrdinalIgnoreCase);

    /// <summary>Worth trying the next provider: it refused as busy or broken, could not be reached, or never sent a first token.</summary>
    public static bool IsFailoverable(Exception exception) =>
        StatusCodeOf(exception) is 408 or 429 or 500 or 502 or 503 or 504 or 529
        || exception is FirstTokenTimeoutException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
        || (StatusCodeOf(exception) is null && IsConnectionFailure(exception));

    /// <summary>The provider could not be reached or the connection broke (as each SDK reports it).</summary>
    public static bool IsConnectionFailure(Exception exception) =>
        exception is HttpRequestException or HttpOperationException or System.Net.Sockets.SocketException or IOException or ClientResultException
            or Anthropic.Exceptions.AnthropicIOException;
}
