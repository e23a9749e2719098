using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatApp.Telemetry;

namespace ChatApp.E2E.Infrastructure;

/// <summary>Records what the in-process app's <see cref="BrowserFrameMetrics"/> meter publishes: the browsers' frame reports.</summary>
public sealed class BrowserFrameMetricsRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentBag<double> _applyTimes = [];
    private long _lateFrames;
    private long _frames;
    private long _reports;

    public BrowserFrameMetricsRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == BrowserFrameMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _applyTimes.Add(value));
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "chatapp.browser.late_frames") Interlocked.Add(ref _lateFrames, value);
            if (instrument.Name == "chatapp.browser.frames")
            {
                Interlocked.Add(ref _frames, value);
                Interlocked.Increment(ref _reports);
            }
        });
        _listener.Start();
    }

    public long LateFrames => Interlocked.Read(ref _lateFrames);
    public long Frames => Interlocked.Read(ref _frames);

    /// <summary>How many answers' reports arrived (one per streamed answer).</summary>
    public long Reports => Interlocked.Read(ref _reports);

    public double[] ApplyTimesSorted() => _applyTimes.Order().ToArray();

    /// <summary>Waits (bounded) for the first report: a page sends it when its answer ends.</summary>
    public async Task WaitForReportAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Reports == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }
    }

    public void Dispose() => _listener.Dispose();
}
