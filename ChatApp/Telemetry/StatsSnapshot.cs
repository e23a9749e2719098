using ChatApp.Streaming;

namespace ChatApp.Telemetry;

/// <summary>The figures of the <c>/stats</c> page, computed from one moment's window (plain C#, unit-tested).</summary>
public sealed class StatsSnapshot(DateTimeOffset now, IReadOnlyList<StreamStatistics.AnswerRecord> answers,
    IReadOnlyList<StreamStatistics.FrameRecord> frames, int activeStreams, int activeReaders)
{
    /// <summary>Time-series charts cover the last ten minutes in 30-second buckets.</summary>
    public const int Buckets = 20;
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(30);

    /// <summary>Upper bounds (ms) of the time-to-first-token distribution's bars; the last bar is everything above.</summary>
    public static readonly double[] TtftBounds = [100, 250, 500, 1000, 2000, 5000];

    public IReadOnlyList<StreamStatistics.AnswerRecord> Answers => answers;

    public int ActiveStreams => activeStreams;

    public int ActiveReaders => activeReaders;

    public double? TtftP50 => Percentile(0.50);

    public double? TtftP95 => Percentile(0.95);

    public double? TtftP99 => Percentile(0.99);

    /// <summary>Completed answers as a percentage of all that ended (null before any ended).</summary>
    public double? CompletionRate => answers.Count == 0 ? null : 100.0 * answers.Count(a => a.Status == GenerationStatus.Complete) / answers.Count;

    public static string[] TtftLabels { get; } =
        [.. TtftBounds.Select((bound, i) => i == 0 ? $"< {Format(bound)}" : $"{Format(TtftBounds[i - 1])}–{Format(bound)}"), $"> {Format(TtftBounds[^1])}"];

    /// <summary>How many answers' first token fell in each bar of <see cref="TtftLabels"/>.</summary>
    public double[] TtftDistribution()
    {
        var counts = new double[TtftBounds.Length + 1];
        foreach (var ttft in answers.Select(a => a.TimeToFirstTokenMs).OfType<double>())
        {
            var bar = Array.FindIndex(TtftBounds, bound => ttft < bound);
            counts[bar < 0 ? TtftBounds.Length : bar]++;
        }
        return counts;
    }

    /// <summary>Labels of the time buckets, oldest first ("-9:30" … "now").</summary>
    public static string[] TimeLabels { get; } =
        [.. Enumerable.Range(0, Buckets).Select(i => i == Buckets - 1 ? "now" : $"-{(Buckets - 1 - i) * BucketWidth.TotalSeconds / 60:0.#}m")];

    /// <summary>Mean output tokens per second of the answers that ended in each time bucket (0 where none did).</summary>
    public double[] TokensPerSecondOverTime() => PerBucket(answers.Where(a => a.TokensPerSecond is not null), a => a.EndedAt,
        bucket => bucket.Average(a => a.TokensPerSecond!.Value));

    /// <summary>Late browser animation frames reported in each time bucket.</summary>
    public double[] LateFramesOverTime() => PerBucket(frames, f => f.At, bucket => bucket.Sum(f => f.LateFrames));

    /// <summary>The worst reported frame-apply p95 (ms) in each time bucket.</summary>
    public double[] FrameApplyP95OverTime() => PerBucket(frames, f => f.At, bucket => bucket.Max(f => f.ApplyMsP95));

    /// <summary>Answers by provider (the labels) and outcome kind (one series each).</summary>
    public (string[] Providers, IReadOnlyList<(string Kind, double[] Counts)> Series) OutcomesByProvider()
    {
        var providers = answers.Select(a => a.Provider).Distinct().Order(StringComparer.Ordinal).ToArray();
        var kinds = answers.Select(a => a.Kind).Distinct().OrderBy(k => k == "Completed" ? "" : k, StringComparer.Ordinal).ToList();
        return (providers, kinds.Select(kind => (kind, providers.Select(p => (double)answers.Count(a => a.Provider == p && a.Kind == kind)).ToArray())).ToList());
    }

    private double? Percentile(double q)
    {
        var sorted = answers.Select(a => a.TimeToFirstTokenMs).OfType<double>().Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }
        // Nearest rank: the smallest value with at least q of the observations at or below it.
        var rank = (int)Math.Ceiling(q * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private double[] PerBucket<T>(IEnumerable<T> records, Func<T, DateTimeOffset> at, Func<IReadOnlyList<T>, double> measure)
    {
        var buckets = new List<T>[Buckets];
        for (var i = 0; i < Buckets; i++)
        {
            buckets[i] = [];
        }
        foreach (var record in records)
        {
            var age = now - at(record);
            var index = Buckets - 1 - (int)(age / BucketWidth);
            if (index is >= 0 and < Buckets)
            {
                buckets[index].Add(record);
            }
        }
        return buckets.Select(b => b.Count == 0 ? 0 : measure(b)).ToArray();
    }

    private static string Format(double ms) => ms >= 1000 ? $"{ms / 1000:0.#} s" : $"{ms:0} ms";
}
