using System.Diagnostics;
using ChatApp.Streaming;

namespace ChatApp.Hosting;

/// <summary>
/// Measures how busy the server is the way a reader feels it: a timer due every <see cref="Every"/> fires late
/// when work is queueing for the cores (thread pool, timers, renderers), and due frames and tokens wait in their
/// <see cref="TurnTakingLane"/> (which lets the pool's other work go first, so the timer alone no longer shows it).
/// The larger lateness goes to <see cref="ReaderPacing"/>.
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
                var timerLag = Stopwatch.GetElapsedTime(started) - Every;
                var laneLag = TurnTakingLane.Shared.Lag;
                pacing.Observe(timerLag > laneLag ? timerLag : laneLag);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
