using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace ChatApp.LoadTest;

/// <summary>
/// What a server allocated, by type: the runtime's allocation ticks (one about every 100 KB allocated, naming the type
/// that crossed the mark) in a <c>dotnet-trace collect --profile gc-verbose</c> file, summed. A sample, not a count,
/// but over a load run's millions of allocations its shares are the heap's.
/// </summary>
public static class AllocationReport
{
    public static void Print(string tracePath, int top)
    {
        var byType = new Dictionary<string, long>();
        long total = 0;
        using (var source = new EventPipeEventSource(tracePath))
        {
            source.Clr.GCAllocationTick += (GCAllocationTickTraceData tick) =>
            {
                var type = tick.TypeName ?? "?";
                byType[type] = byType.GetValueOrDefault(type) + tick.AllocationAmount64;
                total += tick.AllocationAmount64;
            };
            source.Process();
        }
        Console.WriteLine($"{total / 1e6:F1} MB allocated in the trace (sampled)");
        foreach (var (type, bytes) in byType.OrderByDescending(entry => entry.Value).Take(top))
        {
            Console.WriteLine($"{100.0 * bytes / total,5:F1} % {bytes / 1e6,8:F1} MB  {type}");
        }
    }
}
