using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace ChatApp.Streaming;

/// <summary>
/// One timer for many due times: work items wait by due time and the timer is armed for the earliest. With a timer
/// per waiter (or a <c>Task.Delay</c> per wait), .NET's timer queue walks every armed timer on each firing, re-signals
/// its thread whenever a new timer becomes the earliest, and every re-arm takes the queue's lock: a thread-time trace
/// at 2,500 streams had a quarter of the server's CPU there for the simulated model's tokens, and one at 5,000 streams
/// a tenth for every answer's frame timer. Work due together runs together (under a test's fake clock, all inline, in
/// order).
/// On the system clock the timer fires only on a <see cref="SystemGrid"/> of due times: ten answers streaming at 65
/// tokens a second, each with its frame tail, had ~900 due times a second, each waking the timer's thread and a
/// worker; on a 4 ms grid it is at most 250 wakes, and nothing waits more than the grid's step past its due time.
/// A step's work runs on the firing thread until it has taken <see cref="InlineBudget"/>, and only what is left then
/// goes to the thread pool: at a light load a step holds a few short items, and waking a worker for each cost more
/// than the item (a thread switch is expensive on a virtual machine); a heavy step still spreads over every core,
/// through a <see cref="TurnTakingLane"/> so that new requests never wait behind all of it.
/// </summary>
internal sealed class DueClock : IDisposable
{
    // The system timer counts whole milliseconds and may fire up to one early: what is due within that is released
    // with this firing rather than re-armed for a fraction of a millisecond.
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(1);

    /// <summary>The step the system clock's timer fires on.</summary>
    public static readonly TimeSpan SystemGrid = TimeSpan.FromMilliseconds(4);

    /// <summary>How long a firing runs due work on its own thread before it hands the rest to the thread pool.</summary>
    public static readonly TimeSpan InlineBudget = TimeSpan.FromMilliseconds(0.5);
    private static readonly ConditionalWeakTable<TimeProvider, DueClock> Shared = new();

    [ThreadStatic]
    private static List<Step>? t_due; // a firing's due steps (two firings may overlap: one list per thread)

    [ThreadStatic]
    private static List<IThreadPoolWorkItem>? t_ready; // a firing's due work, in order

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    // Waiting work by grid step (the step's index: its time is index × grid), and the steps in time order. Adding is a
    // list append under the lock and a firing takes whole steps: with one priority queue of every waiter, adding was a
    // heap insert and a firing a heap removal per waiter, all under the lock; at 5,000 streams threads spun on it for
    // 15 % of a thread-time profile (3.6 % since).
    private readonly Dictionary<long, Step> _steps = [];
    private readonly PriorityQueue<long, long> _stepOrder = new();
    private readonly Stack<Step> _spareSteps = new();
    private readonly long _slack;
    private readonly long _grid;
    private readonly bool _spread;
    private readonly long _inlineBudget;
    private readonly TurnTakingLane _lane;
    private long _armedFor = long.MaxValue;

    /// <param name="time">The clock due times are read on.</param>
    /// <param name="grid">Fire only on multiples of this (default: <see cref="SystemGrid"/> on the system clock, none on others).</param>
    /// <param name="inlineBudget">
    /// On the system clock, how long a firing runs due work itself before it queues the rest to the thread pool
    /// (default <see cref="InlineBudget"/>). On other clocks everything due runs inline, in order.
    /// </param>
    /// <param name="lane">Where a firing's work past the inline budget runs (default: <see cref="TurnTakingLane.Shared"/>).</param>
    public DueClock(TimeProvider time, TimeSpan? grid = null, TimeSpan? inlineBudget = null, TurnTakingLane? lane = null)
    {
        _time = time;
        _lane = lane ?? TurnTakingLane.Shared;
        _spread = time == TimeProvider.System;
        _inlineBudget = (long)((inlineBudget ?? InlineBudget).TotalSeconds * Stopwatch.Frequency);
        _slack = _spread ? (long)(Resolution.TotalSeconds * time.TimestampFrequency) : 0;
        _grid = Math.Max(1, (long)((grid ?? (_spread ? SystemGrid : TimeSpan.Zero)).TotalSeconds * time.TimestampFrequency)); // 1: every due time its own step
        using (ExecutionContext.SuppressFlow()) // shared by every request: it must not carry the first one's context
        {
            _timer = time.CreateTimer(static clock => ((DueClock)clock!).Release(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The clock every answer's frames share, for <paramref name="time"/>.</summary>
    public static DueClock For(TimeProvider time) => Shared.GetValue(time, static t => new DueClock(t));

    /// <summary>Runs <paramref name="work"/> once <paramref name="dueTimestamp"/> (of this clock's <see cref="TimeProvider"/>) has come.</summary>
    /// <param name="urgent">
    /// Runs before the step's other work, and ahead of it when the cores are behind: an answer's first token, which
    /// someone is waiting for, goes before running answers' next ones (a few milliseconds later there go unnoticed).
    /// </param>
    public void SetAt(long dueTimestamp, IThreadPoolWorkItem work, bool urgent = false)
    {
        // The first grid point at or after the due time: everything due in one step fires together.
        var step = (dueTimestamp + _grid - 1) / _grid;
        lock (_gate)
        {
            if (_steps.TryGetValue(step, out var waiting))
            {
                waiting.Add(work, urgent);
                return;
            }
            waiting = _spareSteps.TryPop(out var spare) ? spare : new Step();
            waiting.Add(work, urgent); // before arming: a timer due at once may fire inside Change, on this thread
            _steps.Add(step, waiting);
            _stepOrder.Enqueue(step, step);
            if (step * _grid < _armedFor)
            {
                Arm(step * _grid);
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
            while (_stepOrder.TryPeek(out var step, out _) && step * _grid <= now)
            {
                _stepOrder.Dequeue();
                if (_steps.Remove(step, out var waiting))
                {
                    due.Add(waiting);
                }
            }
            _armedFor = long.MaxValue;
            if (_stepOrder.TryPeek(out var next, out _))
            {
                Arm(next * _grid);
            }
        }
        if (due.Count == 0)
        {
            return;
        }
        // Under a test's fake clock a work item run here may make the clock fire again inside it: a list of its own then.
        var ready = _spread ? t_ready ??= [] : [];
        ready.Clear();
        foreach (var waiting in due)
        {
            ready.AddRange(waiting.Urgent);
        }
        var urgent = ready.Count;
        foreach (var waiting in due)
        {
            ready.AddRange(waiting.Rest);
            waiting.Clear();
        }
        lock (_gate)
        {
            foreach (var waiting in due)
            {
                _spareSteps.Push(waiting);
            }
        }
        due.Clear();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < ready.Count; i++)
        {
            if (_spread && i > 0 && Stopwatch.GetTimestamp() - started > _inlineBudget)
            {
                _lane.Enqueue(ready, i, urgentUntil: urgent);
                break;
            }
            ready[i].Execute();
        }
        ready.Clear(); // holds nothing until the next firing
    }

    public void Dispose() => _timer.Dispose();

    // One grid step's waiting work: the urgent first.
    private sealed class Step
    {
        public readonly List<IThreadPoolWorkItem> Urgent = [];
        public readonly List<IThreadPoolWorkItem> Rest = [];

        public void Add(IThreadPoolWorkItem work, bool urgent) => (urgent ? Urgent : Rest).Add(work);

        public void Clear()
        {
            Urgent.Clear();
            Rest.Clear();
        }
    }
}
