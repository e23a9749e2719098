using System.Text;
using ChatApp.Streaming.Tools;
using Microsoft.SemanticKernel;

namespace ChatApp.Streaming;

/// <summary>
/// One assistant answer being produced. Owned by the <see cref="GenerationRegistry"/>, not by a page:
/// components attach to it as viewers and read <see cref="Snapshot"/> when <see cref="FrameReady"/> fires.
/// One cancellation source per generation; every await below it takes its token.
/// </summary>
public sealed class Generation : IDisposable
{
    private readonly Lock _gate = new();
    private readonly StringBuilder _text = new();
    private readonly CancellationTokenSource _cts = new();
    private readonly TaskCompletionSource<StreamOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly FrameBatcher _frames;
    private readonly ToolCallBoard _tools = new();
    private readonly TimeProvider _time;
    private readonly GenerationOptions _options;
    private GenerationStatus _status = GenerationStatus.Pending;
    private StreamOutcome? _outcome;
    private StreamOutcome? _cancellationOutcome;
    private GenerationSnapshot? _cachedSnapshot;
    private ITimer? _graceTimer;
    private readonly ITimer _maxDurationTimer;
    private readonly ITimer _stillWaitingTimer;
    private string _providerName;
    private string? _statusLine;
    private string? _finishReason;
    private bool _stillWaiting;
    private int _version;
    private int _deltaCount;
    private int _viewers;

    /// <param name="initialText">Text this generation continues from (a "continue" of a partial answer).</param>
    /// <param name="id">The stored attempt's id, so a reloaded page can find the running generation.</param>
    /// <param name="toolCalls">Tool calls of the text this generation continues from (they stay on the answer).</param>
    public Generation(string providerName, TimeProvider time, GenerationOptions options, string initialText = "", Guid? id = null, IEnumerable<ToolCallView>? toolCalls = null)
    {
        Id = id ?? Guid.NewGuid();
        _tools.Load(toolCalls ?? []);
        ToolRoundBase = _tools.Calls.Count == 0 ? 0 : _tools.Calls.Max(c => c.Round) + 1;
        _providerName = providerName;
        _time = time;
        _options = options;
        _text.Append(initialText);
        _frames = new FrameBatcher(options.FrameInterval, time, () => FrameReady?.Invoke());
        StartedAt = time.GetUtcNow();
        _maxDurationTimer = time.CreateTimer(static state => ((Generation)state!).OnMaxDuration(), this, options.MaxDuration, Timeout.InfiniteTimeSpan);
        _stillWaitingTimer = time.CreateTimer(static state => ((Generation)state!).OnStillWaiting(), this, options.StillWaitingAfter, Timeout.InfiniteTimeSpan);
    }

    public Guid Id { get; }

    /// <summary>An answer that ended earlier (loaded from storage): already finished, nothing runs.</summary>
    public static Generation Restored(Guid id, string providerName, string text, StreamOutcome outcome, TimeProvider time, IEnumerable<ToolCallView>? toolCalls = null)
    {
        var generation = new Generation(providerName, time, GenerationOptions.Default, text, id, toolCalls);
        generation.Finish(outcome);
        generation._frames.Dispose();
        return generation;
    }

    /// <summary>Display name of the provider answering now.</summary>
    public string ProviderName
    {
        get { lock (_gate) { return _providerName; } }
    }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? FirstTokenAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The exception behind a failure, for the log (never shown to users as is).</summary>
    public Exception? FailureException { get; private set; }

    /// <summary>Raised at most once per frame interval while text arrives, and at once on every status change.
    /// Handlers run on a background thread and must marshal to their own context.</summary>
    public event Action? FrameReady;

    /// <summary>Completes with the outcome once the generation has ended (never faults).</summary>
    public Task<StreamOutcome> Completion => _completion.Task;

    /// <summary>Frames signalled so far.</summary>
    public int FramesSignalled => _frames.FramesFlushed;

    public GenerationStatus Status
    {
        get { lock (_gate) { return _status; } }
    }

    /// <summary>The whole text so far (partial text included). O(length): for history and storage, not per frame.</summary>
    public string Text
    {
        get { lock (_gate) { return _text.ToString(); } }
    }

    /// <summary>The text from <paramref name="start"/> on: what a frame has not seen yet.</summary>
    public string ReadText(int start)
    {
        lock (_gate)
        {
            return start >= _text.Length ? "" : _text.ToString(start, _text.Length - start);
        }
    }

    /// <summary>The text between <paramref name="start"/> and <paramref name="end"/> (a snapshot's length): a frame reads exactly what its snapshot describes.</summary>
    public string ReadText(int start, int end)
    {
        lock (_gate)
        {
            end = Math.Min(end, _text.Length);
            return start >= end ? "" : _text.ToString(start, end - start);
        }
    }

    /// <summary>The current state; cheap when nothing changed since the last call.</summary>
    public GenerationSnapshot Snapshot()
    {
        lock (_gate)
        {
            if (_cachedSnapshot is null || _cachedSnapshot.Version != _version)
            {
                _cachedSnapshot = new GenerationSnapshot(_status, _outcome, _version, _deltaCount, _text.Length, _providerName, _statusLine, _stillWaiting)
                {
                    ToolCalls = _tools.Calls, // copy-on-write: shared, never changes under the snapshot
                };
            }
            return _cachedSnapshot;
        }
    }

    /// <summary>Progress from the provider chain (failover, fallback): shown at once, never throttled.</summary>
    public void Report(string providerName, string? statusLine)
    {
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return;
            }
            _providerName = providerName;
            _statusLine = statusLine;
            _version++;
        }
        _frames.FlushNow();
    }

    /// <summary>The first tool round number this generation's own calls use (after the rounds of the text it continues).</summary>
    public int ToolRoundBase { get; }

    /// <summary>The tool calls so far (for storage).</summary>
    public IReadOnlyList<ToolCallView> ToolCalls
    {
        get { lock (_gate) { return _tools.Calls; } }
    }

    /// <summary>A streamed fragment of a tool call (id, name, argument text): a card appears or grows.
    /// A first tool call counts as the first token: the answer is under way.</summary>
    public void StreamToolCall(int round, int index, string? callId, string? name, string? argumentsFragment)
    {
        bool first;
        lock (_gate)
        {
            if (_outcome is not null || !_tools.Stream(round, index, callId, name, argumentsFragment, _text.Length))
            {
                return;
            }
            first = MarkStreaming();
            _version++;
        }
        if (first)
        {
            _frames.FlushNow();
        }
        else
        {
            _frames.NotifyChanged();
        }
    }

    /// <summary>A tool call ended (its card shows the result preview or the error at once, never throttled).</summary>
    public void EndToolCall(int round, int index, bool succeeded, string resultOrError)
    {
        lock (_gate)
        {
            if (_outcome is not null || !(succeeded ? _tools.Complete(round, index, resultOrError) : _tools.Fail(round, index, resultOrError)))
            {
                return;
            }
            _version++;
        }
        _frames.FlushNow();
    }

    /// <summary>Reads the provider stream to its end, a stop, or a failure. Called once, by the registry.</summary>
    internal async Task RunAsync(Func<CancellationToken, IAsyncEnumerable<StreamingChatMessageContent>> openStream)
    {
        var token = _cts.Token;
        try
        {
            await foreach (var delta in openStream(token).WithCancellation(token).ConfigureAwait(false))
            {
                if (FinishReasons.Of(delta) is { } reason)
                {
                    lock (_gate)
                    {
                        _finishReason = reason;
                    }
                }
                if (string.IsNullOrEmpty(delta.Content))
                {
                    continue;
                }
                if (AppendDelta(delta.Content))
                {
                    _frames.FlushNow();
                }
                else
                {
                    _frames.NotifyChanged();
                }
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
            FailureException = ex;
            Finish(StreamFailureDescriber.Describe(ex, ProviderName, hadText: Snapshot().DeltaCount > 0));
        }
    }

    // A provider that finished says why; a stream that just ends was cut off.
    private StreamOutcome OutcomeOfFinishedStream()
    {
        string? reason;
        bool handedOn;
        lock (_gate)
        {
            reason = _finishReason;
            var own = _tools.Calls.Where(c => c.Round >= ToolRoundBase).ToList();
            handedOn = own.Count > 0 && own.All(c => c.State == ToolCallState.Complete);
        }
        var name = ProviderName;
        return reason switch
        {
            null => StreamOutcome.Failed(FailureKind.ConnectionDropped,
                $"The connection to {name} closed before the answer finished. The text so far is kept."),
            // Calls handed on whole (a gateway client runs its own tools) end the answer; otherwise nobody runs
            // them (the tool loop would have run them and asked again), so none were offered.
            FinishReasons.ToolCalls when handedOn => StreamOutcome.Completed,
            FinishReasons.ToolCalls => StreamOutcome.Failed(FailureKind.ToolCallsNotRun,
                $"{name} ended the answer to call a tool, but no tools are offered here. The text so far is kept."),
            FinishReasons.Length => StreamOutcome.Failed(FailureKind.LengthLimit,
                $"The answer reached {name}'s length limit. Continue to get the rest."),
            FinishReasons.ContentFilter => StreamOutcome.Failed(FailureKind.ContentFiltered,
                $"{name}'s content filter stopped the answer. The text so far is kept."),
            _ => StreamOutcome.Completed,
        };
    }

    /// <summary>Appends provider text; returns true when it was the first token (a status change).</summary>
    private bool AppendDelta(string text)
    {
        lock (_gate)
        {
            if (_outcome is not null)
            {
                return false;
            }
            var first = MarkStreaming();
            _text.Append(text);
            _deltaCount++;
            _version++;
            return first;
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

    /// <summary>The user's Stop: cancels the provider request now and keeps the partial text.</summary>
    public void Stop() => Cancel(StreamOutcome.Stopped(StopReason.User));

    internal void Cancel(StopReason reason) => Cancel(StreamOutcome.Stopped(reason));

    private void Cancel(StreamOutcome outcome)
    {
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
            _version++;
        }
        _frames.FlushNow();
    }

    /// <summary>
    /// A page is showing this generation. While at least one viewer is attached it runs freely; when the
    /// last one leaves (its connection went down, its tab closed), it keeps running for the disconnect
    /// grace period so a quick reconnect sees it continue, and is then cancelled with its partial kept.
    /// </summary>
    public IDisposable AttachViewer()
    {
        lock (_gate)
        {
            _viewers++;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
        return new ViewerLease(this);
    }

    private void DetachViewer()
    {
        lock (_gate)
        {
            _viewers--;
            if (_viewers > 0 || _outcome is not null)
            {
                return;
            }
            _graceTimer?.Dispose();
            _graceTimer = _time.CreateTimer(static state => ((Generation)state!).OnGraceExpired(), this, _options.DisconnectGrace, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnGraceExpired()
    {
        lock (_gate)
        {
            if (_viewers > 0)
            {
                return;
            }
        }
        Cancel(StopReason.Disconnected);
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
            EndedAt = _time.GetUtcNow();
            _version++;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
        _maxDurationTimer.Dispose();
        _stillWaitingTimer.Dispose();
        _frames.FlushNow();
        _completion.TrySetResult(outcome);
    }

    /// <summary>For a continue: the provider that wrote the text before the seam (shown when another one carries on).</summary>
    public string? ContinuedFrom { get; init; }

    public void Dispose()
    {
        Cancel(StopReason.Shutdown);
        _frames.Dispose();
        _maxDurationTimer.Dispose();
        _stillWaitingTimer.Dispose();
        lock (_gate)
        {
            _graceTimer?.Dispose();
        }
    }

    private sealed class ViewerLease(Generation generation) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                generation.DetachViewer();
            }
        }
    }
}
