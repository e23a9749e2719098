namespace ChatApp.Streaming;

/// <summary>Classifies a provider exception and words it in one plain sentence; the details go to the log.</summary>
public static class StreamFailureDescriber
{
    public static StreamOutcome Describe(Exception exception, string providerName, bool hadText)
    {
        if (exception is Tools.ToolStepLimitException)
        {
            return StreamOutcome.Failed(FailureKind.ToolStepLimit, exception.Message);
        }
        if (ProviderError.StatusCodeOf(exception) is { } status)
        {
            var busy = status is 429 or 503 or 529;
            return StreamOutcome.Failed(FailureKind.Refused, busy
                ? $"{providerName} is busy right now (HTTP {status}). Try again in a moment."
                : $"{providerName} refused the request (HTTP {status}).", status);
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
}
