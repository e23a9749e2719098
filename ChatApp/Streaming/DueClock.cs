using System.Runtime.CompilerServices;

namespace ChatApp.Streaming;

/// <summary>
/// One timer for many due times: work items queue by due time and the timer is armed for the earliest. With a timer
/// per waiter (or a <c>Task.Delay</c> per wait), .NET's timer queue walks every armed timer on each firing, re-signals
/// its thread whenever a new timer becomes the earliest, and every re-arm takes the queue's lock: a thread-time trace
/// at 2,500 streams had a quarter of the server's CPU there for the simulated model's tokens, and one at 5,000 streams
/// a tenth for every answer's frame timer. Work due together runs together: the first on the timer's thread, the rest
/// through the thread pool so they run on every core (under a test's fake clock, all inline, in order).
/// </summary>
internal sealed class DueClock : IDisposable
{
    // The system timer counts whole milliseconds and may fire up to one early: what is due within that is released
    // with this firing rather than re-armed for a fraction of a millisecond.
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);
    private static readonly ConditionalWeakTable<TimeProvider, DueClock> Shared = new();

    [ThreadStatic]
    private static List<IThreadPoolWorkItem>? t_due; // a firing's due work (two firings may overlap: one list per thread)

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<IThreadPoolWorkItem, long> _waiting = new();
    private readonly long _slack;
    private readonly bool _spread;
    private long _armedFor = long.MaxValue;

    public DueClock(TimeProvider time)
    {
        _time = time;
        _spread = time == TimeProvider.System;
        _slack = _spread ? (long)(Resolution.TotalSeconds * time.TimestampFrequency) : 0;
        using (ExecutionContext.SuppressFlow()) // shared by every request: it must not carry the first one's context
        {
            _timer = time.CreateTimer(static clock => ((DueClock)clock!).Release(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The clock every answer's frames share, for <paramref name="time"/>.</summary>
    public static DueClock For(TimeProvider time) => Shared.GetValue(time, static t => new DueClock(t));

    /// <summary>Runs <paramref name="work"/> once <paramref name="dueTimestamp"/> (of this clock's <see cref="TimeProvider"/>) has come.</summary>
    public void SetAt(long dueTimestamp, IThreadPoolWorkItem work)
    {
        lock (_gate)
        {
            _waiting.Enqueue(work, dueTimestamp);
            if (dueTimestamp < _armedFor)
            {
                Arm(dueTimestamp);
            }
        }
    }

    /// <summary>Whether this clock counts <paramref name="dueTimestamp"/> as come (it may fire up to its resolution early).</summary>
    public bool IsDue(long dueTimestamp) => dueTimestamp <= _time.GetTimestamp() + _slack;

    // Under the lock.
    private void Arm(long dueTimestamp)
    {
        _armedFor = dueTimestamp;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), dueTimestamp);
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Release()
    {
        // Collected under the lock, run outside it: queueing to the thread pool (which may wake a worker) while holding
        // the lock kept everything that was scheduling its next due time waiting on it (a thread-time trace at 5,000
        // streams had a tenth of the server's CPU spinning on this lock).
        var due = t_due ??= [];
        lock (_gate)
        {
            var now = _time.GetTimestamp() + _slack;
            while (_waiting.TryPeek(out _, out var at) && at <= now)
            {
                due.Add(_waiting.Dequeue());
            }
            _armedFor = long.MaxValue;
            if (_waiting.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }
        if (due.Count == 0)
        {
            return;
        }
        if (!_spread)
        {
            var all = due.ToArray();
            due.Clear();
            foreach (var work in all)
            {
                work.Execute();
            }
            return;
        }
        var first = due[0]; // run on this thread, below
        for (var i = 1; i < due.Count; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(due[i], preferLocal: false);
        }
        due.Clear();
        first.Execute();
    }

    public void Dispose() => _timer.Dispose();
}
