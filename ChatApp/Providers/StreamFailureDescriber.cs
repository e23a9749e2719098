using ChatApp.Streaming;

namespace ChatApp.Providers;

/// <summary>Classifies a provider exception and words it in one plain sentence; the details go to the log.</summary>
public static class StreamFailureDescriber
{
    public static StreamOutcome Describe(Exception exception, string providerName, bool hadText)
    {
        if (exception is Streaming.Tools.ToolStepLimitException)
        {
            return StreamOutcome.Failed(FailureKind.ToolStepLimit, exception.Message);
        }
        if (ProviderError.StatusCodeOf(exception) is { } status)
        {
            var busy = status is 429 or 503 or 529;
            return StreamOutcome.Failed(FailureKind.Refused, busy
                ? $"{providerName} is busy right now (HTTP {status}). Try again in a moment."
                : $"{providerName} refused the request (HTTP {status}){Reason(status, exception)}", status);
        }
        if (exception is FirstTokenTimeoutException)
        {
            return StreamOutcome.Failed(FailureKind.FirstTokenTimeout, exception.Message);
        }
        if (hadText)
        {
            return StreamOutcome.Failed(FailureKind.ConnectionDropped,
                $"The connection to {providerName} was lost before the answer finished. The text so far is kept.");
        }
        if (ProviderError.IsConnectionFailure(exception))
        {
            return StreamOutcome.Failed(FailureKind.Unreachable, $"Could not reach {providerName}: the connection failed before any text arrived.");
        }
        return StreamOutcome.Failed(FailureKind.Unknown, $"{providerName} failed: {exception.Message}");
    }

    // What the provider said about a bad request (too long a context, a model it does not serve) helps the user;
    // authentication errors are left unexplained on purpose, since some echo part of the key.
    private static string Reason(int status, Exception exception) =>
        status is 400 or 404 or 413 or 422 && ProviderError.MessageOf(exception) is { Length: > 0 } message
            ? $": {Shorten(message.Trim())}"
            : ".";

    private static string Shorten(string message)
    {
        var text = message.Length <= 300 ? message : $"{message[..300]}…";
        return text.EndsWith('.') || text.EndsWith('…') ? text : text + ".";
    }
}
