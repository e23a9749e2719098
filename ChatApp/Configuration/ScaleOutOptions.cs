namespace ChatApp.Configuration;

/// <summary><c>Chat:ScaleOut</c>: sharing live answers between instances (ui-contract.md §6).</summary>
public sealed class ScaleOutOptions
{
    /// <summary>A StackExchange.Redis configuration string; when set, instances share live answers through Redis (requires PostgreSQL storage).</summary>
    public string? Redis { get; set; }

    /// <summary>How long an answer's producer holds its lease without renewing it (renewed every third of it): a crashed instance's answers are taken over after about this long.</summary>
    public double LeaseSeconds { get; set; } = 10;

    /// <summary>How often each instance looks for answers whose producer is gone.</summary>
    public double SweepSeconds { get; set; } = 2;

    /// <summary>How long an ended answer's log stays in Redis for readers that come late (a reload on another instance).</summary>
    public int RetainSeconds { get; set; } = 3600;

    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);
}
