using System.Diagnostics.Metrics;

namespace ChatApp.Streaming;

/// <summary>
/// Server-side streaming metrics (System.Diagnostics.Metrics, exported at <c>/metrics</c>): time to first
/// token, stream duration, tokens per second, outcomes, and the answers streaming right now.
/// </summary>
public sealed class StreamMetrics
{
    public const string MeterName = "ChatApp.Streaming";

    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _tokensPerSecond;
    private readonly Counter<long> _outcomes;

    public StreamMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _timeToFirstToken = Meter.CreateHistogram<double>("chatapp.stream.time_to_first_token", "s", "Time from sending to the first token");
        _duration = Meter.CreateHistogram<double>("chatapp.stream.duration", "s", "Time from sending to the outcome");
        _tokensPerSecond = Meter.CreateHistogram<double>("chatapp.stream.tokens_per_second", "{token}/s", "Deltas per second after the first token");
        _outcomes = Meter.CreateCounter<long>("chatapp.stream.outcomes", "{stream}", "Streams by outcome");
    }

    public Meter Meter { get; }

    /// <summary>Publishes the number of answers streaming now.</summary>
    public void ObserveActive(Func<int> activeCount) =>
        Meter.CreateObservableGauge("chatapp.stream.active", activeCount, "{stream}", "Answers pending or streaming now");

    public void RecordEnded(Generation generation, StreamOutcome outcome)
    {
        var provider = new KeyValuePair<string, object?>("provider", generation.ProviderName);
        var kind = outcome.Failure?.ToString() ?? outcome.StopReason?.ToString() ?? "Completed";
        _outcomes.Add(1, provider, new("status", outcome.Status.ToContractValue()), new("kind", kind));
        if (generation.EndedAt is { } ended)
        {
            _duration.Record((ended - generation.StartedAt).TotalSeconds, provider);
        }
        if (generation.FirstTokenAt is { } first)
        {
            _timeToFirstToken.Record((first - generation.StartedAt).TotalSeconds, provider);
            var streaming = ((generation.EndedAt ?? first) - first).TotalSeconds;
            if (streaming > 0)
            {
                _tokensPerSecond.Record(generation.DeltaCount / streaming, provider);
            }
        }
    }
}
