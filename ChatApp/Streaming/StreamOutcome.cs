namespace ChatApp.Streaming;

/// <summary>How a generation ended; decided once. Every outcome keeps the partial text.</summary>
public sealed record StreamOutcome
{
    private StreamOutcome(GenerationStatus status, StopReason? stopReason, string? errorMessage)
    {
        Status = status;
        StopReason = stopReason;
        ErrorMessage = errorMessage;
    }

    /// <summary>The final status this outcome puts the message in.</summary>
    public GenerationStatus Status { get; }

    public StopReason? StopReason { get; }

    /// <summary>What happened, in plain words for the user (only for failures).</summary>
    public string? ErrorMessage { get; }

    public static StreamOutcome Completed { get; } = new(GenerationStatus.Complete, null, null);

    public static StreamOutcome Stopped(StopReason reason) => new(GenerationStatus.Stopped, reason, null);

    public static StreamOutcome Failed(string message) => new(GenerationStatus.Error, null, message);
}
