namespace ChatApp.Streaming;

/// <summary>
/// An immutable view of a generation at one moment, what a frame renders. It carries the text's length,
/// not the text: a frame reads only the characters it has not seen (<see cref="Generation.ReadText"/>),
/// so its cost does not grow with the answer.
/// </summary>
/// <param name="Version">Grows with every text or status change; equal versions mean equal snapshots.</param>
/// <param name="ProviderName">The provider answering now (it changes when failover moves the request).</param>
/// <param name="StatusLine">Short progress text ("Primary model is busy — answering with …"), if any.</param>
/// <param name="StillWaiting">No token yet, and the first-token watchdog's few seconds have passed.</param>
public sealed record GenerationSnapshot(
    GenerationStatus Status,
    StreamOutcome? Outcome,
    int Version,
    int DeltaCount,
    int Length,
    string ProviderName = "",
    string? StatusLine = null,
    bool StillWaiting = false)
{
    /// <summary>The answer's tool calls, in the order they started (empty for most answers).</summary>
    public IReadOnlyList<Tools.ToolCallView> ToolCalls { get; init; } = Array.Empty<Tools.ToolCallView>();
}
