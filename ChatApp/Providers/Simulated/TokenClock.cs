using ChatApp.Streaming;

namespace ChatApp.Providers.Simulated;

/// <summary>
/// One timer for the tokens of every simulated answer: waiters queue by due time and the timer is armed for the
/// earliest. With a timer per answer (or a <c>Task.Delay</c> per token), .NET's timer queue walked every armed
/// timer on each firing and re-signalled its thread whenever a new timer became the earliest: a thread-time trace
/// at 2,500 streams had a quarter of the server's CPU in the timer thread, the timer walk and the timer queue's
/// lock. Waiters due together are released together; all but one through the thread pool, so the answers they
/// resume run on every core.
/// </summary>
internal sealed class TokenClock : IDisposable
{
    // The system timer counts whole milliseconds and may fire up to one early: what is due within that is released
    // with this firing rather than re-armed for a fraction of a millisecond.
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<ReusableSignal, long> _waiting = new();
    private readonly long _slack;
    private long _armedFor = long.MaxValue;

    public TokenClock(TimeProvider time)
    {
        _time = time;
        _slack = time == TimeProvider.System ? (long)(Resolution.TotalSeconds * time.TimestampFrequency) : 0;
        using (ExecutionContext.SuppressFlow()) // shared by every request: it must not carry the first one's context
        {
            _timer = time.CreateTimer(static clock => ((TokenClock)clock!).Release(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Sets <paramref name="signal"/> once <paramref name="dueTimestamp"/> (of this clock's <see cref="TimeProvider"/>) has come.</summary>
    public void SetAt(long dueTimestamp, ReusableSignal signal)
    {
        lock (_gate)
        {
            _waiting.Enqueue(signal, dueTimestamp);
            if (dueTimestamp < _armedFor)
            {
                Arm(dueTimestamp);
            }
        }
    }

    // Under the lock.
    private void Arm(long dueTimestamp)
    {
        _armedFor = dueTimestamp;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), dueTimestamp);
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Release()
    {
        ReusableSignal? first = null;
        lock (_gate)
        {
            var now = _time.GetTimestamp() + _slack;
            while (_waiting.TryPeek(out var signal, out var due) && due <= now)
            {
                _waiting.Dequeue();
                if (first is null)
                {
                    first = signal; // resumed on this thread, below
                }
                else
                {
                    ThreadPool.UnsafeQueueUserWorkItem(signal, preferLocal: false);
                }
            }
            _armedFor = long.MaxValue;
            if (_waiting.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }
        first?.Set();
    }

    public void Dispose() => _timer.Dispose();
}
