namespace ChatApp.Answers;

/// <summary>A limit (<c>Chat:Limits</c>) refused to start an answer; the message says which and when to try again.</summary>
/// <param name="Limit">The configuration key of the limit (<c>Chat:Limits:ConcurrentStreams</c>, <c>Chat:Limits:TokensPerHour</c>).</param>
public sealed class LimitExceededException(string message, string limit, TimeSpan retryAfter) : Exception(message)
{
    public string Limit { get; } = limit;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
