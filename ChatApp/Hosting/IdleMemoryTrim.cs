using ChatApp.Streaming;

namespace ChatApp.Hosting;

/// <summary>
/// Gives memory back after a burst: once no answer has run for <see cref="IdleFor"/> and the GC holds over
/// <see cref="WorthReturningBytes"/>, one aggressive (decommitting) full collection. Idle is
/// when a blocking collection costs nobody anything; during streams the GC is left alone (Server GC with DATAS).
/// </summary>
public sealed class IdleMemoryTrim(GenerationRegistry registry, TimeProvider time, ILogger<IdleMemoryTrim> logger) : BackgroundService
{
    public static readonly TimeSpan IdleFor = TimeSpan.FromSeconds(10);
    public const long WorthReturningBytes = 64L << 20;
    private static readonly TimeSpan LookEvery = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var policy = new IdleMemoryPolicy(IdleFor, WorthReturningBytes);
        using var timer = new PeriodicTimer(LookEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // What the GC holds; its live heap is unknown until it collects, and nothing collects while idle.
                if (policy.ShouldTrim(registry.ActiveCount, GC.GetGCMemoryInfo().TotalCommittedBytes, time.GetUtcNow()))
                {
                    Trim();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Trim()
    {
        var before = Environment.WorkingSet;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        logger.LogInformation("Idle after a burst of answers: gave memory back ({Before} MB → {After} MB resident)",
            before >> 20, Environment.WorkingSet >> 20);
    }
}
