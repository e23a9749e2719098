namespace ChatApp.Streaming;

/// <summary>
/// How long every page reader leaves between its frames, beyond waiting for the browser's acknowledgement (which
/// already gives a slow browser fewer, larger frames). Nothing while the server keeps up. When it is busy (its
/// timers fire late: work is queueing for the cores) readers take fewer, larger frames, so the work per character
/// shown falls as load rises instead of every reader falling behind. Never a queue: a frame takes everything that
/// arrived; and never before the first character (readers only pace frames after their first text).
/// </summary>
public class ReaderPacing
{
    /// <summary>Lateness below this is ordinary jitter: no pacing.</summary>
    public static readonly TimeSpan Threshold = TimeSpan.FromMilliseconds(4);

    /// <summary>The longest gap pacing asks for: text still moves several times a second.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMilliseconds(250);

    private const int LagToInterval = 4;
    private long _intervalTicks;
    private double _smoothedLagMs;

    /// <summary>The gap readers leave between frames now (zero while the server keeps up).</summary>
    public virtual TimeSpan Interval => TimeSpan.FromTicks(Volatile.Read(ref _intervalTicks));

    /// <summary>The gap for a scheduling lag: four times the lag (the frames a lag that long would cost), at most <see cref="Longest"/>.</summary>
    public static TimeSpan IntervalFor(TimeSpan lag) =>
        lag < Threshold ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(Longest.Ticks, lag.Ticks * LagToInterval));

    /// <summary>One measurement of how late a timer fired. Smoothed, so one hiccup (a GC) does not pace everyone.</summary>
    public void Observe(TimeSpan lag)
    {
        _smoothedLagMs = 0.7 * _smoothedLagMs + 0.3 * Math.Max(0, lag.TotalMilliseconds);
        Volatile.Write(ref _intervalTicks, IntervalFor(TimeSpan.FromMilliseconds(_smoothedLagMs)).Ticks);
    }
}
