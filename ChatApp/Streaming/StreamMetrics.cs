using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatApp.Streaming;

/// <summary>
/// Server-side streaming metrics (System.Diagnostics.Metrics, exported at <c>/metrics</c> and over OTLP): the
/// OpenTelemetry GenAI semantic conventions' client and server instruments, with their attributes and units,
/// beside the app's own (time to first token, duration, tokens per second, outcomes, failovers, refusals,
/// answers streaming and readers following them now).
/// </summary>
public sealed class StreamMetrics
{
    public const string MeterName = "ChatApp.Streaming";

    // Bucket boundaries the GenAI conventions recommend for each instrument.
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
    private static readonly double[] TimeToFirstTokenBuckets = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0];
    private static readonly double[] TimePerOutputTokenBuckets = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5];
    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _tokensPerSecond;
    private readonly Counter<long> _outcomes;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _serverTimeToFirstToken;
    private readonly Histogram<double> _timePerOutputToken;
    private readonly Counter<long> _failovers;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _overdueAcknowledgements;

    public StreamMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _timeToFirstToken = Meter.CreateHistogram<double>("chatapp.stream.time_to_first_token", "s", "Time from sending to the first token");
        _duration = Meter.CreateHistogram<double>("chatapp.stream.duration", "s", "Time from sending to the outcome");
        _tokensPerSecond = Meter.CreateHistogram<double>("chatapp.stream.tokens_per_second", "{token}/s", "Deltas per second after the first token");
        _outcomes = Meter.CreateCounter<long>("chatapp.stream.outcomes", "{stream}", "Streams by outcome");
        _operationDuration = Meter.CreateHistogram("gen_ai.client.operation.duration", "s", "GenAI operation duration",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _tokenUsage = Meter.CreateHistogram("gen_ai.client.token.usage", "{token}", "Number of input and output tokens used",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });
        _serverTimeToFirstToken = Meter.CreateHistogram("gen_ai.server.time_to_first_token", "s", "Time to generate the first token for successful responses",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimeToFirstTokenBuckets });
        _timePerOutputToken = Meter.CreateHistogram("gen_ai.server.time_per_output_token", "s", "Time per output token generated after the first token",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = TimePerOutputTokenBuckets });
        _failovers = Meter.CreateCounter<long>("chatapp.failovers", "{failover}", "Requests moved to the next provider before their first token");
        _refusals = Meter.CreateCounter<long>("chatapp.rate_limit.refusals", "{request}", "Requests refused for a rate limit (source: provider or app)");
        _overdueAcknowledgements = Meter.CreateCounter<long>("chatapp.readers.acknowledgements_overdue", "{frame}",
            "Page frames sent without the browser's acknowledgement of the one before, after waiting the patience for it");
    }

    public Meter Meter { get; }

    /// <summary>Publishes the number of answers streaming now, and the readers following them.</summary>
    public void ObserveActive(Func<int> activeCount, Func<int> readerCount)
    {
        Meter.CreateObservableGauge("chatapp.stream.active", activeCount, "{stream}", "Answers pending or streaming now");
        Meter.CreateObservableGauge("chatapp.stream.readers", readerCount, "{reader}", "Pages and API clients following a running answer now");
    }

    /// <summary>Publishes the gap page readers leave between frames because the server is busy (0 while it keeps up).</summary>
    public void ObservePacing(ReaderPacing pacing) =>
        Meter.CreateObservableGauge("chatapp.readers.frame_gap", () => pacing.Interval.TotalMilliseconds, "ms",
            "Extra gap between page readers' frames while the server is busy (fewer, larger frames)");

    /// <summary>A page reader stopped waiting for an acknowledgement that did not come and sent its next frame anyway.</summary>
    public void RecordAcknowledgementOverdue() => _overdueAcknowledgements.Add(1);

    /// <summary>A request refused for a rate limit: by a provider, or by one of the app's own (<paramref name="limit"/>).</summary>
    public void RecordRefusal(string source, string limit) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("source", source), new KeyValuePair<string, object?>("limit", limit));

    public void RecordEnded(Generation generation, StreamOutcome outcome, AnswerSubject subject)
    {
        var provider = new KeyValuePair<string, object?>("provider", generation.ProviderName);
        var kind = outcome.Failure?.ToString() ?? outcome.StopReason?.ToString() ?? "Completed";
        _outcomes.Add(1, provider, new("status", outcome.Status.ToContractValue()), new("kind", kind));
        if (generation.Failovers > 0)
        {
            _failovers.Add(generation.Failovers, provider);
        }
        if (outcome.StatusCode == 429)
        {
            _refusals.Add(1, new KeyValuePair<string, object?>("source", "provider"), new KeyValuePair<string, object?>("limit", "provider"));
        }

        var genAi = new TagList
        {
            { "gen_ai.operation.name", "chat" },
            { "gen_ai.provider.name", subject.ConventionProviderName },
            { "gen_ai.request.model", subject.Model ?? generation.ProviderName },
            { "gen_ai.response.model", generation.ProviderName },
        };
        if (outcome.Status == GenerationStatus.Error)
        {
            genAi.Add("error.type", kind);
        }
        if (generation.EndedAt is { } ended)
        {
            _duration.Record((ended - generation.StartedAt).TotalSeconds, provider);
            _operationDuration.Record((ended - generation.StartedAt).TotalSeconds, genAi);
        }
        var output = genAi;
        output.Add("gen_ai.token.type", "output");
        _tokenUsage.Record(generation.OutputTokens, output);
        if (generation.Usage is { } usage)
        {
            var input = genAi;
            input.Add("gen_ai.token.type", "input");
            _tokenUsage.Record(usage.InputTokens, input);
        }
        if (generation.FirstTokenAt is { } first)
        {
            _timeToFirstToken.Record((first - generation.StartedAt).TotalSeconds, provider);
            _serverTimeToFirstToken.Record((first - generation.StartedAt).TotalSeconds, genAi);
            var streaming = ((generation.EndedAt ?? first) - first).TotalSeconds;
            if (streaming > 0)
            {
                _tokensPerSecond.Record(generation.DeltaCount / streaming, provider);
                if (generation.OutputTokens > 1)
                {
                    _timePerOutputToken.Record(streaming / (generation.OutputTokens - 1), genAi);
                }
            }
        }
    }
}
