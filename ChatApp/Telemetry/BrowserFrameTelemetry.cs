namespace ChatApp.Telemetry;

/// <summary>What the browser measured while one answer streamed (sent once, when the answer ends).</summary>
public sealed record BrowserFrameTelemetry(
    int Frames,
    double ApplyMsP50,
    double ApplyMsP95,
    double ApplyMsMax,
    double[]? ApplyTimesMs,
    int LateFrames,
    int LongTasks,
    string? AnswerId = null);
