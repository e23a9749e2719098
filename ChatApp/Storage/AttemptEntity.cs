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

    /// <summary>pending, streaming, complete, stopped, error, or interrupted (the process died mid-stream).</summary>
    public required string Status { get; set; }

    public string? ErrorMessage { get; set; }

    public string? Provider { get; set; }

    public double? TimeToFirstTokenMs { get; set; }

    public double? DurationMs { get; set; }

    public int Deltas { get; set; }

    /// <summary>The answer's tool calls as JSON (<see cref="Streaming.Tools.ToolCallView"/>[]), or null when it made none.</summary>
    public string? ToolCalls { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
