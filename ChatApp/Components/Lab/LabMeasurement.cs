namespace ChatApp.Components.Lab;

/// <summary>What the browser measured for one pane's run: time from Start to the first visible character, browser
/// frames that ran late (long animation frames, over 50 ms) while it streamed, and characters shown per second.</summary>
public sealed record LabMeasurement(long FirstCharMs, int LateFrames, long CharsPerSecond)
{
    public static LabMeasurement None { get; } = new(0, 0, 0);
}
