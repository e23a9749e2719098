using System.Text;
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
    private readonly TimeProvider _time;
    private readonly TimeSpan _disconnectGrace;
    private GenerationStatus _status = GenerationStatus.Pending;
    private StreamOutcome? _outcome;
    private StopReason? _stopReason;
    private GenerationSnapshot? _cachedSnapshot;
    private ITimer? _graceTimer;
    private int _version;
    private int _deltaCount;
    private int _viewers;

    public Generation(string providerName, TimeProvider time, TimeSpan frameInterval, TimeSpan disconnectGrace, string initialText = "")
    {
        ProviderName = providerName;
        _time = time;
        _disconnectGrace = disconnectGrace;
        _text.Append(initialText);
        _frames = new FrameBatcher(frameInterval, time, () => FrameReady?.Invoke());
        StartedAt = time.GetUtcNow();
    }

    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>Display name of the provider entry answering.</summary>
    public string ProviderName { get; }

    public DateTimeOffset StartedAt { get; }

    public DateTimeOffset? FirstTokenAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

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

    /// <summary>The current state; cheap when nothing changed since the last call.</summary>
    public GenerationSnapshot Snapshot()
    {
        lock (_gate)
        {
            if (_cachedSnapshot is null || _cachedSnapshot.Version != _version)
            {
                _cachedSnapshot = new GenerationSnapshot(_status, _outcome, _version, _deltaCount, _text.Length);
            }
            return _cachedSnapshot;
        }
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

    /// <summary>Reads the provider stream to its end, a stop, or a failure. Called once, by the registry.</summary>
    internal async Task RunAsync(Func<CancellationToken, IAsyncEnumerable<StreamingChatMessageContent>> openStream)
    {
        var token = _cts.Token;
        try
        {
            await foreach (var delta in openStream(token).WithCancellation(token).ConfigureAwait(false))
            {
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
            Finish(StreamOutcome.Completed);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            Finish(StreamOutcome.Stopped(_stopReason ?? StopReason.User));
        }
        catch (Exception ex)
        {
            Finish(StreamOutcome.Failed(StreamFailureDescriber.Describe(ex, ProviderName, hadText: Snapshot().DeltaCount > 0)));
        }
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
            var first = _status == GenerationStatus.Pending;
            if (first)
            {
                _status = GenerationStatus.Streaming;
                FirstTokenAt = _time.GetUtcNow();
            }
            _text.Append(text);
            _deltaCount++;
            _version++;
            return first;
        }
    }

    /// <summary>The user's Stop: cancels the provider request now and keeps the partial text.</summary>
    public void Stop() => Cancel(StopReason.User);

    internal void Cancel(StopReason reason)
    {
        lock (_gate)
        {
            if (_outcome is not null || _stopReason is not null)
            {
                return;
            }
            _stopReason = reason;
        }
        _cts.Cancel();
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
            _graceTimer = _time.CreateTimer(static state => ((Generation)state!).OnGraceExpired(), this, _disconnectGrace, Timeout.InfiniteTimeSpan);
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
            EndedAt = _time.GetUtcNow();
            _version++;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
        _frames.FlushNow();
        _completion.TrySetResult(outcome);
    }

    public void Dispose()
    {
        Cancel(StopReason.Shutdown);
        _frames.Dispose();
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
