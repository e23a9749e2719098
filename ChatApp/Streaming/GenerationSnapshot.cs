namespace ChatApp.Streaming;

/// <summary>An immutable view of a generation at one moment, what a frame renders.</summary>
/// <param name="Version">Grows with every text or status change; equal versions mean equal snapshots.</param>
public sealed record GenerationSnapshot(
    string Text,
    GenerationStatus Status,
    StreamOutcome? Outcome,
    int Version,
    int DeltaCount);
