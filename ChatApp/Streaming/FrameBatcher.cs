namespace ChatApp.Streaming;

/// <summary>
/// Coalesces "the text changed" notifications into render frames: a change after a quiet interval is
/// flushed at once (batching never delays the first token), later changes at most once per interval,
/// and a timer flushes the tail of a burst so the last token never waits for the next one.
/// Nothing is queued per change: a frame means "read the latest state", so memory is bounded by the text.
/// </summary>
public sealed class FrameBatcher : IDisposable
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action _flush;
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private long _lastFlushTimestamp;
    private bool _hasFlushed;
    private bool _timerPending;
    private bool _dirty;
    private bool _disposed;

    public FrameBatcher(TimeSpan interval, TimeProvider time, Action flush)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        _interval = interval;
        _time = time;
        _flush = flush;
    }

    /// <summary>How many frames have been flushed so far.</summary>
    public int FramesFlushed { get; private set; }

    /// <summary>Something changed: flush now if the last frame is at least one interval old, else on the timer.</summary>
    public void NotifyChanged()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _dirty = true;
            if (_timerPending)
            {
                return;
            }
            var sinceLastFlush = _hasFlushed ? _time.GetElapsedTime(_lastFlushTimestamp) : TimeSpan.MaxValue;
            if (sinceLastFlush < _interval)
            {
                _timerPending = true;
                _timer ??= _time.CreateTimer(static state => ((FrameBatcher)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                _timer.Change(_interval - sinceLastFlush, Timeout.InfiniteTimeSpan);
                return;
            }
            MarkFlushed();
        }
        _flush();
    }

    /// <summary>Flush immediately, whatever the interval says: status changes are never throttled.</summary>
    public void FlushNow()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            if (_timerPending)
            {
                _timerPending = false;
                _timer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
            MarkFlushed();
        }
        _flush();
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed || !_timerPending)
            {
                return;
            }
            _timerPending = false;
            if (!_dirty)
            {
                return;
            }
            MarkFlushed();
        }
        _flush();
    }

    private void MarkFlushed()
    {
        _dirty = false;
        _hasFlushed = true;
        _lastFlushTimestamp = _time.GetTimestamp();
        FramesFlushed++;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
