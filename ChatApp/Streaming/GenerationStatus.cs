namespace ChatApp.Streaming;

/// <summary>Where an answer is in its life. The contract's <c>data-status</c> values come from <see cref="GenerationStatusExtensions.ToContractValue"/>.</summary>
public enum GenerationStatus
{
    /// <summary>Sent, no token yet.</summary>
    Pending,
    Streaming,
    Complete,
    Stopped,
    Error,
}
