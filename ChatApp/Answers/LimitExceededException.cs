namespace ChatApp.Answers;

/// <summary>A limit (<c>Chat:Limits</c>) refused to start an answer; the message says which and when to try again.</summary>
/// <param name="Limit">The configuration key of the limit (<c>Chat:Limits:ConcurrentStreams</c>, <c>Chat:Limits:TokensPerHour</c>).</param>
/// <param name="ServerDraining">Not the caller's limit: the server is shutting down (the API answers 503, not 429).</param>
public sealed class LimitExceededException(string message, string limit, TimeSpan retryAfter, bool serverDraining = false) : Exception(message)
{
    public bool ServerDraining { get; } = serverDraining;

    public string Limit { get; } = limit;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
