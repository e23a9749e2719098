namespace ChatApp.Configuration;

/// <summary><c>Chat:Streaming</c>: how answers are paced onto the screen and when they are abandoned.</summary>
public sealed class StreamingOptions
{
    /// <summary>At most one render frame per this many milliseconds (the first token is never delayed).</summary>
    public int FrameIntervalMs { get; set; } = 16;

    /// <summary>How long a generation keeps running after its page's connection went down, waiting for a reconnect.</summary>
    public int DisconnectGraceSeconds { get; set; } = 10;

    /// <summary>A stream running longer than this is stopped as a failure (its partial text kept).</summary>
    public int MaxDurationSeconds { get; set; } = 120;

    /// <summary>No first token by then: fall back (non-streaming request, then the next provider).</summary>
    public int FirstTokenTimeoutSeconds { get; set; } = 20;

    /// <summary>After this long without a first token the thinking indicator says it is still waiting.</summary>
    public int StillWaitingSeconds { get; set; } = 3;

    /// <summary>On a first-token timeout, ask the same provider once more without streaming before moving on.</summary>
    public bool NonStreamingFallback { get; set; } = true;

    /// <summary>On shutdown, how long running answers may finish before the rest are stopped (their text kept).</summary>
    public int DrainSeconds { get; set; } = 30;

    public TimeSpan FrameInterval => TimeSpan.FromMilliseconds(FrameIntervalMs);

    public TimeSpan DisconnectGrace => TimeSpan.FromSeconds(DisconnectGraceSeconds);

    public TimeSpan FirstTokenTimeout => TimeSpan.FromSeconds(FirstTokenTimeoutSeconds);
}
