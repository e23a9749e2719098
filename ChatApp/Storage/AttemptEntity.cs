namespace ChatApp.Storage;

/// <summary>
/// One generated answer (an assistant message has one per retry). Written while it streams at most about
/// once a second, and at its outcome, so a crash loses at most a second of text.
/// </summary>
public sealed class AttemptEntity
{
    /// <summary>The same id as the generation that produced it, so a reloaded page can re-attach to it.</summary>
    public Guid Id { get; set; }

    public Guid MessageId { get; set; }

    public int Number { get; set; }

    public string Content { get; set; } = "";

    /// <summary>The contract's status: pending, streaming, complete, stopped or error.</summary>
    public required string Status { get; set; }

    /// <summary>Why a stopped answer stopped (<see cref="Streaming.StopReason"/>).</summary>
    public Streaming.StopReason? StopReason { get; set; }

    /// <summary>Why a failed answer failed (<see cref="Streaming.FailureKind"/>; <c>Interrupted</c> when the server went away mid-stream).</summary>
    public Streaming.FailureKind? FailureKind { get; set; }

    /// <summary>The failure in plain words, as the user saw it.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>The provider's HTTP status, when it refused.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The answer log's sequence number this row contains: a reader starts from this text and reads the log after it.</summary>
    public long LastSequence { get; set; }

    public string? Provider { get; set; }

    public double? TimeToFirstTokenMs { get; set; }

    public double? DurationMs { get; set; }

    public int Deltas { get; set; }

    /// <summary>The answer's tool calls as JSON (<see cref="Streaming.Tools.ToolCallView"/>[]), or null when it made none.</summary>
    public string? ToolCalls { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
