using System.Diagnostics;
using ChatApp.Streaming;

namespace ChatApp.Hosting;

/// <summary>
/// Measures how busy the server is the way a reader feels it: a timer due every <see cref="Every"/> fires late
/// when work is queueing for the cores (thread pool, timers, renderers). Each lateness goes to <see cref="ReaderPacing"/>.
/// </summary>
public sealed class ServerLoadMonitor(ReaderPacing pacing, StreamMetrics metrics) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.ObservePacing(pacing);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await Task.Delay(Every, stoppingToken);
                pacing.Observe(Stopwatch.GetElapsedTime(started) - Every);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
