namespace ChatApp.Streaming;

/// <summary>The timing rules a generation runs by (from <c>Chat:Streaming</c>).</summary>
public sealed record GenerationOptions(
    TimeSpan FrameInterval,
    TimeSpan DisconnectGrace,
    TimeSpan MaxDuration,
    TimeSpan StillWaitingAfter)
{
    public static GenerationOptions From(Configuration.StreamingOptions streaming) => new(
        streaming.FrameInterval, streaming.DisconnectGrace, TimeSpan.FromSeconds(streaming.MaxDurationSeconds), TimeSpan.FromSeconds(streaming.StillWaitingSeconds));

    public static GenerationOptions Default { get; } = new(
        TimeSpan.FromMilliseconds(16), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(3));
}
