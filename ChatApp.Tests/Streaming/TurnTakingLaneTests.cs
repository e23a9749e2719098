using ChatApp.Streaming;

namespace ChatApp.Tests.Streaming;

public sealed class TurnTakingLaneTests
{
    // The thread pool's queue, stood in for by a plain FIFO the test runs by hand.
    private readonly Queue<IThreadPoolWorkItem> _pool = new();
    private readonly List<string> _ran = [];

    private void RunPool()
    {
        while (_pool.TryDequeue(out var item))
        {
            item.Execute();
        }
    }

    private IThreadPoolWorkItem Item(string name, Action? also = null) => new Recorder(() =>
    {
        _ran.Add(name);
        also?.Invoke();
    });

    [Fact]
    public void EveryItem_RunsOnce_InTheOrderItCame()
    {
        var lane = new TurnTakingLane(maxRunners: 1, turn: TimeSpan.FromSeconds(10), schedule: _pool.Enqueue);

        lane.Enqueue([Item("a"), Item("b")]);
        lane.Enqueue([Item("c")]);
        RunPool();

        Assert.Equal(["a", "b", "c"], _ran);
    }

    [Fact]
    public void AfterItsTurn_ARunnerGoesBehindWhatThePoolGotMeanwhile()
    {
        var lane = new TurnTakingLane(maxRunners: 1, turn: TimeSpan.Zero, schedule: _pool.Enqueue);

        // While the first token runs, a new request's socket event reaches the pool: it must not wait for the rest.
        lane.Enqueue([Item("token 1", also: () => _pool.Enqueue(Item("new request"))), Item("token 2"), Item("token 3")]);
        RunPool();

        Assert.Equal(["token 1", "new request", "token 2", "token 3"], _ran);
    }

    [Fact]
    public void UrgentItems_GoAheadOfTheWaitingOnes()
    {
        var lane = new TurnTakingLane(maxRunners: 1, turn: TimeSpan.Zero, schedule: _pool.Enqueue);

        lane.Enqueue([Item("next token of answer 1"), Item("next token of answer 2")]);
        lane.Enqueue([Item("first token of answer 3"), Item("next token of answer 4")], urgentUntil: 1);
        RunPool();

        Assert.Equal(["first token of answer 3", "next token of answer 1", "next token of answer 2", "next token of answer 4"], _ran);
    }

    [Fact]
    public void EnqueueFrom_SkipsWhatTheCallerAlreadyRan()
    {
        var lane = new TurnTakingLane(maxRunners: 1, schedule: _pool.Enqueue);

        lane.Enqueue([Item("ran inline"), Item("left over")], from: 1);
        RunPool();

        Assert.Equal(["left over"], _ran);
    }

    [Fact]
    public void NoMoreRunnersThanAllowed_AndNewOnesStartOnceTheyHaveFinished()
    {
        var lane = new TurnTakingLane(maxRunners: 2, schedule: _pool.Enqueue);

        lane.Enqueue(Enumerable.Range(0, 10).Select(i => Item($"{i}")).ToList());
        Assert.Equal(2, _pool.Count);
        RunPool();
        Assert.Equal(10, _ran.Count);

        lane.Enqueue([Item("later")]); // every runner ended with the queue empty: a new one starts
        Assert.Single(_pool);
        RunPool();
        Assert.Equal("later", _ran[^1]);
    }

    [Fact]
    public async Task Lag_IsHowLongTheOldestWaitingItemHasWaited_ZeroOnceNoneWaits()
    {
        var lane = new TurnTakingLane(maxRunners: 1, schedule: _pool.Enqueue);
        Assert.Equal(TimeSpan.Zero, lane.Lag);

        lane.Enqueue([Item("due work")]);
        await Task.Delay(50);
        lane.Enqueue([Item("later work")]);
        Assert.InRange(lane.Lag, TimeSpan.FromMilliseconds(45), TimeSpan.FromMinutes(1)); // the older one's wait

        RunPool();
        Assert.Equal(TimeSpan.Zero, lane.Lag);
    }

    [Fact]
    public async Task OnTheThreadPool_ManyItemsFromManyThreads_AllRun()
    {
        var lane = new TurnTakingLane();
        var count = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int Total = 20_000;

        await Parallel.ForAsync(0, 20, (_, _) =>
        {
            lane.Enqueue(Enumerable.Range(0, Total / 20).Select(_ => (IThreadPoolWorkItem)new Recorder(() =>
            {
                if (Interlocked.Increment(ref count) == Total)
                {
                    all.SetResult();
                }
            })).ToList());
            return ValueTask.CompletedTask;
        });

        await all.Task.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(Total, count);
    }

    private sealed class Recorder(Action run) : IThreadPoolWorkItem
    {
        public void Execute() => run();
    }
}
