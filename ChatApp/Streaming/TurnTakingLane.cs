using System.Diagnostics;

namespace ChatApp.Streaming;

/// <summary>
/// Runs a flood of small work items on the thread pool without making the pool's other work wait behind it. Queued
/// to the pool one by one, the due tokens and frames of thousands of running answers sat ahead of the socket events
/// that accept a connection and read a request, so a new answer waited behind every running one: at 5,000 streams a
/// new request's response headers took 1.4 s (p50) against 0.4 s on a minimal SSE server. Here a few runners (one per
/// core) take the items in order, each for a short turn, and then go to the back of the pool's queue, so whatever
/// arrived meanwhile runs first. The same work is done, in the same order; only the pool's other work no longer
/// waits for all of it.
/// </summary>
internal sealed class TurnTakingLane : IThreadPoolWorkItem
{
    /// <summary>How long a runner works before it lets the pool's other work go first.</summary>
    public static readonly TimeSpan DefaultTurn = TimeSpan.FromMilliseconds(1);

    private const int TakenAtOnce = 16; // items taken per visit to the lock

    [ThreadStatic]
    private static IThreadPoolWorkItem?[]? t_taken;

    private readonly Lock _gate = new();
    // Each item with the timestamp it came at, so the lane can say how far behind it is.
    private readonly Queue<(IThreadPoolWorkItem Item, long Since)> _urgent = new();
    private readonly Queue<(IThreadPoolWorkItem Item, long Since)> _waiting = new();
    private readonly Action<IThreadPoolWorkItem> _schedule;
    private readonly int _maxRunners;
    private readonly long _turn;
    private int _runners; // under _gate: runners queued or running

    /// <param name="maxRunners">At most this many runners at once (default: one per core).</param>
    /// <param name="turn">A runner's turn (default <see cref="DefaultTurn"/>; zero: one item a turn).</param>
    /// <param name="schedule">Queues a runner at the back of the pool's queue (tests pass their own queue).</param>
    public TurnTakingLane(int? maxRunners = null, TimeSpan? turn = null, Action<IThreadPoolWorkItem>? schedule = null)
    {
        _maxRunners = Math.Max(1, maxRunners ?? Environment.ProcessorCount);
        _turn = (long)((turn ?? DefaultTurn).TotalSeconds * Stopwatch.Frequency);
        _schedule = schedule ?? (static runner => ThreadPool.UnsafeQueueUserWorkItem(runner, preferLocal: false));
    }

    /// <summary>The shared lane for due work on the system clock.</summary>
    public static TurnTakingLane Shared { get; } = new();

    /// <summary>
    /// Runs <paramref name="items"/> from <paramref name="from"/> on, after what is already waiting; those before
    /// <paramref name="urgentUntil"/> go ahead of everything that is not urgent.
    /// </summary>
    public void Enqueue(List<IThreadPoolWorkItem> items, int from = 0, int urgentUntil = 0)
    {
        int toStart;
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            for (var i = from; i < items.Count; i++)
            {
                (i < urgentUntil ? _urgent : _waiting).Enqueue((items[i], now));
            }
            toStart = Math.Min(_maxRunners - _runners, _urgent.Count + _waiting.Count);
            _runners += toStart;
        }
        for (var i = 0; i < toStart; i++)
        {
            _schedule(this);
        }
    }

    /// <summary>
    /// How long the oldest waiting item has waited (zero when none waits): how far behind the cores are with due
    /// work, which the pool's own queue no longer shows (see <see cref="Hosting.ServerLoadMonitor"/>).
    /// </summary>
    public TimeSpan Lag
    {
        get
        {
            lock (_gate)
            {
                var oldest = _waiting.TryPeek(out var waiting) ? waiting.Since : long.MaxValue;
                if (_urgent.TryPeek(out var urgent) && urgent.Since < oldest)
                {
                    oldest = urgent.Since;
                }
                return oldest == long.MaxValue ? TimeSpan.Zero : Stopwatch.GetElapsedTime(oldest);
            }
        }
    }

    /// <summary>How many items wait (for tests and diagnostics).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _urgent.Count + _waiting.Count;
            }
        }
    }

    void IThreadPoolWorkItem.Execute()
    {
        var taken = t_taken ??= new IThreadPoolWorkItem?[TakenAtOnce];
        var started = Stopwatch.GetTimestamp();
        do
        {
            var count = 0;
            lock (_gate)
            {
                // Several at a time, but only one on a zero turn, where each item is its own turn.
                var limit = _turn == 0 ? 1 : TakenAtOnce;
                while (count < limit && (_urgent.TryDequeue(out var next) || _waiting.TryDequeue(out next)))
                {
                    taken[count++] = next.Item;
                }
                if (count == 0)
                {
                    _runners--;
                    return;
                }
            }
            for (var i = 0; i < count; i++)
            {
                var item = taken[i]!;
                taken[i] = null;
                item.Execute();
            }
        }
        while (Stopwatch.GetTimestamp() - started < _turn);
        _schedule(this); // to the back of the queue: what arrived during this turn goes first
    }
}
