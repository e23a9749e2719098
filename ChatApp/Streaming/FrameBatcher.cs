namespace ChatApp.Streaming;

/// <summary>
/// Coalesces "the text changed" notifications into render frames: a change after a quiet interval is
/// flushed at once (batching never delays the first token), later changes at most once per interval,
/// and a timer flushes the tail of a burst so the last token never waits for the next one.
/// Nothing is queued per change: a frame means "read the latest state", so memory is bounded by the text.
/// The tail's timer is the <see cref="DueClock"/> every answer shares: a timer of its own per answer, re-armed for
/// most frames once the cores are busy, was a tenth of the server's CPU at 5,000 streams (the timer queue's lock
/// and walk).
/// </summary>
public sealed class FrameBatcher : IDisposable, IThreadPoolWorkItem
{
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly Action _flush;
    private readonly DueClock _clock;
    private readonly Lock _gate = new();
    private long _pendingDue; // when the pending tail is due (an earlier, cancelled one may still come: it is ignored)
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
        _clock = DueClock.For(time);
    }

    /// <summary>How many frames have been flushed so far.</summary>
    public int FramesFlushed { get; private set; }

    /// <summary>Something changed: flush now if the last frame is at least one interval old, else on the timer.</summary>
    public void NotifyChanged()
    {
        long due = 0;
        var flushNow = false;
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
            if (sinceLastFlush >= _interval)
            {
                MarkFlushed();
                flushNow = true;
            }
            else
            {
                _timerPending = true;
                _pendingDue = due = _lastFlushTimestamp + (long)(_interval.TotalSeconds * _time.TimestampFrequency);
            }
        }
        if (flushNow)
        {
            _flush();
            return;
        }
        _clock.SetAt(due, this);
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
            _timerPending = false; // the clock may still call: it is ignored
            MarkFlushed();
        }
        _flush();
    }

    // The clock's call: the pending tail is due, unless it was flushed or cancelled meanwhile (then a later one may be).
    void IThreadPoolWorkItem.Execute()
    {
        lock (_gate)
        {
            if (_disposed || !_timerPending || !_clock.IsDue(_pendingDue))
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
        }
    }
}
