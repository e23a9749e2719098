using System.Collections.Concurrent;
using ChatApp.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ChatApp.Streaming.Log;

namespace ChatApp.Streaming;

/// <summary>
/// Owns every running generation, so an answer outlives the component that started it
/// (reconnects, reloads, background conversations) and shutdown can end them all cleanly.
/// </summary>
public sealed class GenerationRegistry
{
    private readonly ConcurrentDictionary<Guid, Generation> _active = new();
    private readonly TimeProvider _time;
    private readonly IOptions<ChatOptions> _options;
    private readonly ILogger<GenerationRegistry> _logger;
    private readonly StreamMetrics? _metrics;

    public GenerationRegistry(TimeProvider time, IOptions<ChatOptions> options, ILogger<GenerationRegistry> logger, StreamMetrics? metrics = null)
    {
        _time = time;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        metrics?.ObserveActive(() => _active.Count, () => _active.Values.Sum(g => g.Readers));
    }

    public int ActiveCount => _active.Count;

    /// <summary>A generation still running under this id (e.g. after a page reload).</summary>
    public bool TryGetActive(Guid id, out Generation? generation) => _active.TryGetValue(id, out generation);

    /// <summary>Stops a running answer (its partial is kept); false when none runs under that id.</summary>
    public bool Stop(Guid answerId)
    {
        // An answer whose outcome is decided has ended for its readers (they may already have it), though it leaves
        // the registry only after its outcome is logged and stored.
        if (!_active.TryGetValue(answerId, out var generation) || !generation.Status.IsActive())
        {
            return false;
        }
        generation.Stop();
        return true;
    }

    /// <summary>The generations still running, in no particular order.</summary>
    public IReadOnlyCollection<Generation> ActiveGenerations => _active.Values.ToArray();

    /// <summary>Starts reading the stream in the background and returns the generation at once.</summary>
    /// <param name="openPipeline">Opens the provider pipeline; everything the answer shows comes out of it as updates.</param>
    /// <param name="initialText">The partial answer a "continue" carries on from.</param>
    /// <param name="id">The stored attempt's id (see <see cref="TryGetActive"/>).</param>
    /// <param name="continuedFrom">For a continue: the provider that wrote <paramref name="initialText"/>.</param>
    /// <param name="toolCalls">For a continue: the tool calls of the text it carries on from.</param>
    /// <param name="subject">The provider kind and model asked, for traces and metrics.</param>
    /// <param name="options">Timing rules other than <c>Chat:Streaming</c>'s (the lab's per-pane frame interval).</param>
    /// <param name="shared">Whether other instances may follow it (when scaled out); the lab's answers are for its page alone.</param>
    public Generation Start(string providerName, Func<CancellationToken, IAsyncEnumerable<AnswerUpdate>> openPipeline, string initialText = "", Guid? id = null, string? continuedFrom = null,
        IReadOnlyList<Tools.ToolCallView>? toolCalls = null, AnswerSubject? subject = null, GenerationOptions? options = null, bool shared = true)
    {
        subject ??= AnswerSubject.Unknown;
        var generation = new Generation(providerName, _time, options ?? GenerationOptions.From(_options.Value.Streaming), initialText, id, toolCalls, continuedFrom);
        _active[generation.Id] = generation;
        Started?.Invoke(generation, shared);
        _ = Task.Run(async () =>
        {
            try
            {
                // Every line logged while the answer runs carries its id; its activity is the parent of the pipeline's.
                // Both end inside this block, before the answer leaves the registry: whoever waits for that sees them done.
                using var scope = _logger.BeginScope(new Dictionary<string, object> { ["GenerationId"] = generation.Id });
                using var activity = AnswerTracing.Start(generation, subject);
                await generation.RunAsync(token => AnswerTracing.Trace(openPipeline(token), activity, token)).ConfigureAwait(false);
                var outcome = await generation.Completion.ConfigureAwait(false);
                AnswerTracing.End(activity, generation, outcome);
                _metrics?.RecordEnded(generation, outcome, subject);
                LogOutcome(generation, outcome);
                Ended?.Invoke(generation, outcome);
            }
            finally
            {
                _active.TryRemove(generation.Id, out _);
            }
        });
        return generation;
    }

    /// <summary>An answer started here (raised before it reads its first update); with whether other instances may follow it.</summary>
    public event Action<Generation, bool>? Started;

    /// <summary>An answer ended (raised once per answer, after its outcome is in its log, on a background thread).</summary>
    public event Action<Generation, StreamOutcome>? Ended;

    // One structured line per outcome; the texts only with Chat:Logging:IncludeContent.
    private void LogOutcome(Generation generation, StreamOutcome outcome)
    {
        if (generation.FailureException is { } failure)
        {
            _logger.LogWarning(failure, "Generation {GenerationId} failed: {Failure}", generation.Id, outcome.Failure);
        }
        var kind = outcome.Failure?.ToString() ?? outcome.StopReason?.ToString() ?? "Completed";
        var firstTokenMs = generation.FirstTokenAt is { } first ? (first - generation.StartedAt).TotalMilliseconds : (double?)null;
        var durationMs = ((generation.EndedAt ?? _time.GetUtcNow()) - generation.StartedAt).TotalMilliseconds;
        if (_options.Value.Logging.IncludeContent)
        {
            _logger.LogInformation(
                "Generation {GenerationId} on {Provider} ended {Status} ({OutcomeKind}) after {DurationMs:F0} ms: first token {FirstTokenMs:F0} ms, {OutputTokens} output tokens, {Failovers} failovers. Answer: {AnswerText}",
                generation.Id, generation.ProviderName, outcome.Status.ToContractValue(), kind, durationMs, firstTokenMs, generation.OutputTokens, generation.Failovers, generation.Text);
            return;
        }
        _logger.LogInformation(
            "Generation {GenerationId} on {Provider} ended {Status} ({OutcomeKind}) after {DurationMs:F0} ms: first token {FirstTokenMs:F0} ms, {OutputTokens} output tokens, {Failovers} failovers",
            generation.Id, generation.ProviderName, outcome.Status.ToContractValue(), kind, durationMs, firstTokenMs, generation.OutputTokens, generation.Failovers);
    }

    /// <summary>Cancels every running generation (keeping partial text) and waits for them to settle.</summary>
    public async Task StopAllAsync(StopReason reason, CancellationToken cancellationToken)
    {
        var running = _active.Values.ToArray();
        foreach (var generation in running)
        {
            generation.Cancel(reason);
        }
        await Task.WhenAll(running.Select(g => g.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
