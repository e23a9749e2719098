namespace ChatApp.Configuration;

/// <summary><c>Chat:Failover</c>: how a refused or silent provider hands the request to the next one.</summary>
public sealed class FailoverOptions
{
    /// <summary>A provider whose circuit opened is skipped for this long.</summary>
    public int BreakDurationSeconds { get; set; } = 30;

    /// <summary>A busy provider's Retry-After is honoured (one retry) when it is at most this long; otherwise the next provider answers.</summary>
    public int MaxRetryAfterSeconds { get; set; } = 3;
}
