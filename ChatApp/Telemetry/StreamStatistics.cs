using ChatApp.Streaming;

namespace ChatApp.Telemetry;

/// <summary>
/// A recent window of how streaming went, kept in the app for the <c>/stats</c> page (no Prometheus needed):
/// one small record per ended answer and per browser frame report, at most <see cref="Capacity"/> of each and
/// none older than <see cref="Window"/>. Recording is a lock and an enqueue; the figures are computed only when
/// someone looks.
/// </summary>
public sealed class StreamStatistics
{
    public const int Capacity = 5000;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(30);

    private readonly Lock _gate = new();
    private readonly Queue<AnswerRecord> _answers = new();
    private readonly Queue<FrameRecord> _frames = new();
    private readonly TimeProvider _time;
    private readonly GenerationRegistry _registry;

    public StreamStatistics(GenerationRegistry registry, TimeProvider time)
    {
        _registry = registry;
        _time = time;
        registry.Ended += Record;
    }

    /// <summary>One ended answer.</summary>
    public sealed record AnswerRecord(DateTimeOffset EndedAt, string Provider, GenerationStatus Status, string Kind, double? TimeToFirstTokenMs, double? TokensPerSecond);

    /// <summary>One answer's browser frame report.</summary>
    public sealed record FrameRecord(DateTimeOffset At, int Frames, int LateFrames, double ApplyMsP95);

    public void Record(Generation generation, StreamOutcome outcome)
    {
        var ended = generation.EndedAt ?? _time.GetUtcNow();
        double? ttft = generation.FirstTokenAt is { } first ? (first - generation.StartedAt).TotalMilliseconds : null;
        double? rate = generation.FirstTokenAt is { } start && (ended - start).TotalSeconds > 0 ? generation.OutputTokens / (ended - start).TotalSeconds : null;
        var kind = outcome.Failure?.ToString() ?? outcome.StopReason?.ToString() ?? "Completed";
        Add(_answers, new AnswerRecord(ended, generation.ProviderName, outcome.Status, kind, ttft, rate));
    }

    public void Record(BrowserFrameTelemetry report) =>
        Add(_frames, new FrameRecord(_time.GetUtcNow(), Math.Max(0, report.Frames), Math.Max(0, report.LateFrames), double.IsFinite(report.ApplyMsP95) ? report.ApplyMsP95 : 0));

    /// <summary>The window as it stands now.</summary>
    public StatsSnapshot Snapshot()
    {
        var now = _time.GetUtcNow();
        AnswerRecord[] answers;
        FrameRecord[] frames;
        lock (_gate)
        {
            Trim(_answers, now, a => a.EndedAt);
            Trim(_frames, now, f => f.At);
            answers = [.. _answers];
            frames = [.. _frames];
        }
        var active = _registry.ActiveGenerations;
        return new StatsSnapshot(now, answers, frames, active.Count, active.Sum(g => g.Readers));
    }

    private void Add<T>(Queue<T> queue, T record)
    {
        lock (_gate)
        {
            queue.Enqueue(record);
            while (queue.Count > Capacity)
            {
                queue.Dequeue();
            }
        }
    }

    private static void Trim<T>(Queue<T> queue, DateTimeOffset now, Func<T, DateTimeOffset> at)
    {
        while (queue.Count > 0 && now - at(queue.Peek()) > Window)
        {
            queue.Dequeue();
        }
    }
}
