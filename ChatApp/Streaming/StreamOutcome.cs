namespace ChatApp.Streaming;

/// <summary>How a generation ended; decided once. Every outcome keeps the partial text.</summary>
public sealed record StreamOutcome
{
    [System.Text.Json.Serialization.JsonConstructor] // the shared log (scaled out) carries outcomes between instances
    private StreamOutcome(GenerationStatus status, StopReason? stopReason, FailureKind? failure, string? errorMessage, int? statusCode)
    {
        Status = status;
        StopReason = stopReason;
        Failure = failure;
        ErrorMessage = errorMessage;
        StatusCode = statusCode;
    }

    /// <summary>The final status this outcome puts the message in.</summary>
    public GenerationStatus Status { get; }

    public StopReason? StopReason { get; }

    public FailureKind? Failure { get; }

    /// <summary>What happened, in plain words for the user (only for failures).</summary>
    public string? ErrorMessage { get; }

    /// <summary>The provider's HTTP status, when it refused.</summary>
    public int? StatusCode { get; }

    public static StreamOutcome Completed { get; } = new(GenerationStatus.Complete, null, null, null, null);

    public static StreamOutcome Stopped(StopReason reason) => new(GenerationStatus.Stopped, reason, null, null, null);

    public static StreamOutcome Failed(FailureKind kind, string message, int? statusCode = null) =>
        new(GenerationStatus.Error, null, kind, message, statusCode);
}
