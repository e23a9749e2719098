using System.Diagnostics.Metrics;

namespace ChatApp.Telemetry;

/// <summary>
/// Records the browser's frame telemetry with System.Diagnostics.Metrics (a histogram of how long frames
/// took to reach the screen, a counter of late animation frames) and logs one line per streamed answer.
/// </summary>
public sealed class BrowserFrameMetrics
{
    public const string MeterName = "ChatApp.Browser";

    private readonly Histogram<double> _applyTime;
    private readonly Counter<long> _lateFrames;
    private readonly Counter<long> _frames;
    private readonly ILogger<BrowserFrameMetrics> _logger;

    public BrowserFrameMetrics(IMeterFactory meters, ILogger<BrowserFrameMetrics> logger)
    {
        var meter = meters.Create(MeterName);
        _applyTime = meter.CreateHistogram<double>("chatapp.browser.frame_apply_time", "ms", "Time from a server frame changing the DOM to the next animation frame");
        _lateFrames = meter.CreateCounter<long>("chatapp.browser.late_frames", "{frame}", "Long animation frames (over 50 ms) while an answer streamed");
        _frames = meter.CreateCounter<long>("chatapp.browser.frames", "{frame}", "Server frames applied by browsers");
        _logger = logger;
    }

    public void Record(BrowserFrameTelemetry summary)
    {
        // Bounded: a client cannot make us record more than a few hundred values per answer.
        foreach (var applyTime in (summary.ApplyTimesMs ?? []).Take(500))
        {
            if (double.IsFinite(applyTime) && applyTime >= 0)
            {
                _applyTime.Record(applyTime);
            }
        }
        _lateFrames.Add(Math.Max(0, summary.LateFrames));
        _frames.Add(Math.Max(0, summary.Frames));
        _logger.LogInformation(
            "Browser frames for one answer: {Frames} frames, apply p50 {P50:F1} ms, p95 {P95:F1} ms, max {Max:F1} ms, {LateFrames} late animation frames, {LongTasks} long tasks",
            summary.Frames, summary.ApplyMsP50, summary.ApplyMsP95, summary.ApplyMsMax, summary.LateFrames, summary.LongTasks);
    }
}
