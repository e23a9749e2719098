namespace ChatApp.Configuration;

/// <summary><c>Chat:Streaming</c>: how answers are paced onto the screen and when they are abandoned.</summary>
public sealed class StreamingOptions
{
    /// <summary>At most one render frame per this many milliseconds (the first token is never delayed).</summary>
    public int FrameIntervalMs { get; set; } = 16;

    /// <summary>How long a generation keeps running after its page's connection went down, waiting for a reconnect.</summary>
    public int DisconnectGraceSeconds { get; set; } = 10;

    public TimeSpan FrameInterval => TimeSpan.FromMilliseconds(FrameIntervalMs);

    public TimeSpan DisconnectGrace => TimeSpan.FromSeconds(DisconnectGraceSeconds);
}
