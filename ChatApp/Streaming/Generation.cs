using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;

namespace ChatApp.Streaming;

/// <summary>
/// The producer of one assistant answer: it reads the provider pipeline's <see cref="AnswerUpdate"/>s, owns the
/// answer's lifetime (one cancellation source, the timers, the outcome decided once) and appends what
/// changed to the answer's <see cref="Log"/> once per frame. Readers (pages, other tabs, SSE clients, the
/// checkpointer) read that log from a sequence number and never hold this object; the registry and the page's
/// session keep it only to start, stop and ask about the answer.
/// </summary>
public sealed class Generation : IDisposable
{
    private readonly Lock _gate = new();
    // Text not yet in the log (this frame's deltas); the log holds the rest, so the answer's text is kept once.
    private readonly PendingText _pending = new();
    private string _initialText;
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<StreamOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameBatcher _frames;
    private readonly ToolCallBoard _tools = new();
    private readonly TimeProvider _time;
    private readonly GenerationOptions _options;
    private readonly InProcessAnswerLog _log;
    private readonly List<AnswerEvent> _frameEvents = new(2);
    private readonly ReaderPresence _readers;
    private readonly ITimer _maxDurationTimer;
    private readonly ITimer _stillWaitingTimer;
    private GenerationStatus _status = GenerationStatus.Pending;
    private StreamOutcome? _outcome;
    private StreamOutcome? _cancellationOutcome;
    private string _providerName;
    private string? _statusLine;
    private string? _finishReason;
    private bool _stillWaiting;
    private int _deltaCount;
    // What the log already has (a frame appends the difference).
    private IReadOnlyList<ToolCallView> _publishedCalls;
    private (string Provider, string? Line, bool StillWaiting) _publishedStatus;
    private bool _endPublished;
    // Set for an answer another instance produces (a mirror): its Stop goes there; nothing runs here.
    private readonly Action? _requestRemoteStop;

    /// <param name="initialText">Text this generation continues from (a "continue" of a partial answer).</param>
    /// <param name="id">The stored attempt's id, so a reloaded page can find the running generation.</param>
    /// <param name="toolCalls">Tool calls of the text this generation continues from (they stay on the answer).</param>
    /// <param name="continuedFrom">For a continue: the provider that wrote the text before the seam.</param>
    public Generation(string providerName, TimeProvider time, GenerationOptions options, string initialText = "", Guid? id = null,
        IEnumerable<ToolCallView>? toolCalls = null, string? continuedFrom = null)
    {
        Id = id ?? Guid.NewGuid();
        _tools.Load(toolCalls ?? []);
        ToolRoundBase = _tools.Calls.Count == 0 ? 0 : _tools.Calls.Max(c => c.Round) + 1;
        _providerName = providerName;
        _time = time;
        _options = options;
        _initialText = initialText;
        ContinuedFrom = continuedFrom;
        StartedAt = time.GetUtcNow();
        _log = new InProcessAnswerLog(Id);
        _log.Append(new AnswerStarted(providerName, StartedAt, initialText, _tools.Calls, continuedFrom));
        _publishedCalls = _tools.Calls;
        _publishedStatus = (providerName, null, false);
        _frames = new FrameBatcher(options.FrameInterval, time, Publish);
        _readers = new ReaderPresence(options.DisconnectGrace, time, () => Cancel(StopReason.Disconnected));
        _maxDurationTimer = time.CreateTimer(static state => ((Generation)state!).OnMaxDuration(), this, options.MaxDuration, Timeout.InfiniteTimeSpan);
        _stillWaitingTimer = time.CreateTimer(static state => ((Generation)state!).OnStillWaiting(), this, options.StillWaitingAfter, Timeout.InfiniteTimeSpan);
    }

    // A mirror: its log is filled by ApplyMirrored, event for event with the shared log's sequence numbers.
    private Generation(Guid id, TimeProvider time, Action requestRemoteStop)
    {
        Id = id;
        _time = time;
        _options = GenerationOptions.Default;
        _initialText = "";
        _providerName = "";
        StartedAt = time.GetUtcNow();
        _log = new InProcessAnswerLog(Id);
        _publishedCalls = _tools.Calls;
        _publishedStatus = ("", null, false);
        _requestRemoteStop = requestRemoteStop;
        _frames = new FrameBatcher(_options.FrameInterval, time, Publish);
        // Readers here keep the producer's answer alive through the shared store (see AnswerMirrors), not a grace timer.
        _readers = new ReaderPresence(Timeout.InfiniteTimeSpan, time, static () => { });
        _maxDurationTimer = time.CreateTimer(static _ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _stillWaitingTimer = time.CreateTimer(static _ => { }, null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// An answer another instance produces, followed here: its log is a copy of the shared log with the same
    /// sequence numbers (so a reader may resume from a number on any instance), and Stop asks the producer.
    /// </summary>
    internal static Generation Mirroring(Guid id, TimeProvider time, Action requestRemoteStop) => new(id, time, requestRemoteStop);

    /// <summary>Whether another instance produces this answer (this one only follows it).</summary>
    public bool IsMirror => _requestRemoteStop is not null;

    /// <summary>Ends when this instance stops following a mirrored answer (shutdown); never for a produced one.</summary>
    internal CancellationToken MirrorToken => _cts.Token;

    public Guid Id { get; }

    /// <summary>The answer's event log: what every reader reads.</summary>
    public IAnswerLog Log => _log;

    /// <summary>An answer that ended earlier (loaded from storage): already finished, nothing runs.</summary>
    /// <param name="figures">What storage kept of its timing: time to first token, duration, output tokens.</param>
    public static Generation Restored(Guid id, string providerName, string text, StreamOutcome outcome, TimeProvider time, IEnumerable<ToolCallView>? toolCalls = null,
        (TimeSpan? FirstToken, TimeSpan? Duration, int Tokens)? figures = null)
    {
        var generation = new Generation(providerName, time, GenerationOptions.Default, text, id, toolCalls);
        if (figures is { } kept)
        {
            generation.FirstTokenAt = kept.FirstToken is { } first ? generation.StartedAt + first : null;
            generation.EndedAt = kept.Duration is { } duration ? generation.StartedAt + duration : null;
            generation._deltaCount = kept.Tokens;
        }
        generation.Finish(outcome);
        generation._frames.Dispose();
        return generation;
    }

    /// <summary>Display name of the provider answering now.</summary>
    public string ProviderName
    {
        get { lock (_gate) { return _providerName; } }
    }

    /// <summary>For a continue: the provider that wrote the text before the seam (shown when another one carries on).</summary>
    public string? ContinuedFrom { get; }

    public DateTimeOffset StartedAt { get; private set; }

    public DateTimeOffset? FirstTokenAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The exception behind a failure, for the log (never shown to users as is).</summary>
    public Exception? FailureException { get; private set; }

    /// <summary>Completes with the outcome once the generation has ended and its log has the outcome (never faults).</summary>
    public Task<StreamOutcome> Completion => _completion.Task;

    public GenerationStatus Status
    {
        get { lock (_gate) { return _status; } }
    }

    /// <summary>The tokens the provider reported (its last report), or null when it reported none.</summary>
    public TokenUsage? Usage { get; private set; }

    /// <summary>Output tokens: the provider's count when it reported one, else the text deltas received (about one token each).</summary>
    public int OutputTokens => Usage?.OutputTokens ?? DeltaCount;

    /// <summary>How often the request moved to the next provider before its first token.</summary>
    public int Failovers { get; private set; }

    /// <summary>Provider text deltas received so far.</summary>
    public int DeltaCount
    {
        get { lock (_gate) { return _deltaCount; } }
    }

    /// <summary>The whole text so far (partial text included). O(length): for history and storage, not per frame.</summary>
    public string Text
    {
        get { lock (_gate) { return string.Concat(_initialText, _log.Text, _pending.ToString()); } }
    }

    /// <summary>The first tool round number this generation's own calls use (after the rounds of the text it continues).</summary>
    public int ToolRoundBase { get; private set; }

    /// <summary>The tool calls so far.</summary>
    public IReadOnlyList<ToolCallView> ToolCalls
    {
        get { lock (_gate) { return _tools.Calls; } }
    }

    /// <summary>Events in the answer's log so far.</summary>
    public long LogEvents => _log.Head;

    /// <summary>Readers attached now (pages, SSE clients).</summary>
    public int Readers => _readers.Readers;

    /// <summary>
    /// A reader is following this answer. While at least one is attached it runs freely; when the last one
    /// leaves, it keeps running for the disconnect grace period so a quick reconnect sees it continue, and is
    /// then stopped with its partial kept.
    /// </summary>
    public IDisposable AttachReader() => _readers.Attach();

    /// <summary>Reads the pipeline to its end, a stop, or a failure. Called once, by the registry.</summary>
    internal async Task RunAsync(Func<CancellationToken, IAsyncEnumerable<AnswerUpdate>> openPipeline)
    {
        var token = _cts.Token;
        try
        {
            await foreach (var update in openPipeline(token).WithCancellation(token).ConfigureAwait(false))
            {
                if (update is FailureUpdate failure)
                {
                    FailureException = failure.Exception;
                    Finish(failure.Outcome);
                    return;
                }
                Apply(update);
            }
            token.ThrowIfCancellationRequested();
            Finish(OutcomeOfFinishedStream());
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(_cancellationOutcome ?? StreamOutcome.Stopped(StopReason.User));
        }
        catch (Exception ex)
        {
            // The pipeline words provider failures itself (FailureUpdate); anything else is a plain failure.
            FailureException = ex;
            Finish(StreamOutcome.Failed(FailureKind.Unknown, $"{ProviderName} failed: {ex.Message}"));
        }
    }

    private void Apply(AnswerUpdate update)
    {
        var flushNow = false;
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return;
            }
            switch (update)
            {
                case TextDelta { Text.Length: > 0 } text:
                    flushNow = MarkStreaming();
                    _pending.Append(text.Text);
                    _deltaCount++;
                    break;
                case ToolCallDelta call:
                    if (!_tools.Stream(call.Round, call.Index, call.CallId, call.Name, call.ArgumentsFragment, _initialText.Length + _log.TextLength + _pending.Length))
                    {
                        return;
                    }
                    flushNow = MarkStreaming(); // a first tool call counts as the first token
                    break;
                case ToolCallResult result:
                    flushNow = result.Succeeded ? _tools.Complete(result.Round, result.Index, result.ResultOrError) : _tools.Fail(result.Round, result.Index, result.ResultOrError);
                    break;
                case StatusUpdate status:
                    Failovers += status.Kind == StatusKind.Failover ? 1 : 0;
                    _providerName = status.ProviderName;
                    _statusLine = status.StatusLine;
                    flushNow = true; // progress is shown at once, never throttled
                    break;
                case FinishUpdate finish:
                    _finishReason = finish.Reason ?? _finishReason;
                    Usage = finish.Usage ?? Usage;
                    return;
                default:
                    return;
            }
        }
        if (flushNow)
        {
            _frames.FlushNow();
        }
        else
        {
            _frames.NotifyChanged();
        }
    }

    private StreamOutcome OutcomeOfFinishedStream()
    {
        lock (_gate)
        {
            var own = _tools.Calls.Where(c => c.Round >= ToolRoundBase).ToList();
            var handedOn = own.Count > 0 && own.All(c => c.State == ToolCallState.Complete);
            return FinishedStreamOutcome.Of(_finishReason, handedOn, _providerName);
        }
    }

    // Under the lock: the first token (text or tool call) moves the answer from pending to streaming.
    private bool MarkStreaming()
    {
        if (_status != GenerationStatus.Pending)
        {
            return false;
        }
        _status = GenerationStatus.Streaming;
        FirstTokenAt = _time.GetUtcNow();
        _stillWaiting = false;
        return true;
    }

    /// <summary>One frame: appends to the log what changed since the last frame (status, text, cards, outcome).</summary>
    private void Publish()
    {
        lock (_gate)
        {
            if (_endPublished)
            {
                return;
            }
            var events = _frameEvents; // one list for the answer's frames: the log copies what it keeps
            events.Clear();
            var status = (_providerName, _statusLine, _stillWaiting);
            if (status != _publishedStatus)
            {
                events.Add(new StatusChanged(_providerName, _statusLine, _stillWaiting));
                _publishedStatus = status;
            }
            if (_pending.Length > 0)
            {
                // With the sequence the log gives it (this answer is the log's only writer): the log keeps this event
                // for its readers instead of making another.
                events.Add(new TextAppended(_pending.Take()) { Sequence = _log.Head + events.Count + 1 });
            }
            var calls = _tools.Calls;
            if (!ReferenceEquals(calls, _publishedCalls))
            {
                // Copy-on-write: a card that changed is a new object at its place; new cards come at the end.
                for (var i = 0; i < calls.Count; i++)
                {
                    if (i >= _publishedCalls.Count || !ReferenceEquals(calls[i], _publishedCalls[i]))
                    {
                        events.Add(new ToolCallChanged(calls[i]));
                    }
                }
                _publishedCalls = calls;
            }
            if (_outcome is not null)
            {
                events.Add(new AnswerEnded(_outcome, FirstTokenAt, EndedAt ?? _time.GetUtcNow(), _deltaCount, Usage?.OutputTokens ?? _deltaCount, Usage?.InputTokens));
                _endPublished = true;
            }
            _log.Append(events);
        }
    }

    /// <summary>
    /// A mirror: the next events of the shared log, in order and with their sequence numbers, appended to the log
    /// here as they are; the answer's state (status, provider, cards, outcome) follows them.
    /// </summary>
    /// <exception cref="InvalidOperationException">An event is not the next in sequence (the log here would disagree with the shared one).</exception>
    internal void ApplyMirrored(IReadOnlyList<AnswerEvent> events)
    {
        AnswerEnded? ended = null;
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return;
            }
            var expected = _log.Head + 1;
            foreach (var e in events)
            {
                if (e.Sequence != expected++)
                {
                    throw new InvalidOperationException($"Answer {Id}: event {e.Sequence} arrived where {expected - 1} was expected.");
                }
                switch (e)
                {
                    case AnswerStarted started:
                        _initialText = started.InitialText;
                        _providerName = started.ProviderName;
                        StartedAt = started.StartedAt;
                        _tools.Load(started.ToolCalls);
                        ToolRoundBase = _tools.Calls.Count == 0 ? 0 : _tools.Calls.Max(c => c.Round) + 1;
                        break;
                    case TextAppended:
                        MarkStreaming();
                        _deltaCount++;
                        break;
                    case ToolCallChanged changed:
                        MarkStreaming();
                        _tools.Put(changed.Call);
                        break;
                    case StatusChanged status:
                        _providerName = status.ProviderName;
                        _statusLine = status.StatusLine;
                        _stillWaiting = status.StillWaiting;
                        break;
                    case AnswerEnded end:
                        ended = end;
                        FirstTokenAt = end.FirstTokenAt;
                        EndedAt = end.EndedAt;
                        _deltaCount = end.Deltas;
                        Usage = end.InputTokens is { } input ? new TokenUsage(input, end.OutputTokens) : null;
                        _endPublished = true; // the outcome is already in the log: Finish must not add one
                        break;
                }
            }
            _publishedStatus = (_providerName, _statusLine, _stillWaiting);
            _publishedCalls = _tools.Calls;
            _log.Append(events);
        }
        if (ended is not null)
        {
            Finish(ended.Outcome);
        }
    }

    /// <summary>A mirror this instance stops following before its outcome arrived (shutdown, or the shared store lost it).</summary>
    internal void EndMirror(StreamOutcome outcome) => Finish(outcome);

    /// <summary>The user's Stop: cancels the provider request now and keeps the partial text.</summary>
    public void Stop() => Cancel(StreamOutcome.Stopped(StopReason.User));

    internal void Cancel(StopReason reason) => Cancel(StreamOutcome.Stopped(reason));

    /// <summary>Ends the answer here as interrupted (another instance took it over): the provider request is cancelled.</summary>
    internal void Interrupt(string message) => Cancel(StreamOutcome.Failed(FailureKind.Interrupted, message));

    private void Cancel(StreamOutcome outcome)
    {
        if (_requestRemoteStop is not null && outcome.StopReason == StopReason.User)
        {
            _requestRemoteStop(); // the producer stops it; its outcome arrives through the log
            return;
        }
        lock (_gate)
        {
            if (_outcome is not null || _cancellationOutcome is not null)
            {
                return;
            }
            _cancellationOutcome = outcome;
        }
        _cts.Cancel();
    }

    private void OnMaxDuration() => Cancel(StreamOutcome.Failed(FailureKind.MaxDuration,
        $"The answer took longer than {_options.MaxDuration.TotalSeconds:0} seconds and was stopped. The text so far is kept."));

    private void OnStillWaiting()
    {
        lock (_gate)
        {
            if (_status != GenerationStatus.Pending)
            {
                return;
            }
            _stillWaiting = true;
        }
        _frames.FlushNow();
    }

    private void Finish(StreamOutcome outcome)
    {
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return;
            }
            _outcome = outcome;
            _status = outcome.Status;
            _tools.FailRunning(outcome.Status == GenerationStatus.Stopped ? "Stopped before it finished." : "Not finished: the answer ended first.");
            _stillWaiting = false;
            EndedAt ??= _time.GetUtcNow();
        }
        _readers.Dispose();
        _maxDurationTimer.Dispose();
        _stillWaitingTimer.Dispose();
        Publish(); // the outcome is in the log before anyone hears the answer has ended
        _frames.Dispose();
        _completion.TrySetResult(outcome);
    }

    public void Dispose()
    {
        Cancel(StopReason.Shutdown);
        _frames.Dispose();
        _maxDurationTimer.Dispose();
        _stillWaitingTimer.Dispose();
        _readers.Dispose();
    }
}
