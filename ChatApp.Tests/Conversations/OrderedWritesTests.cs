using ChatApp.Conversations;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Conversations;

public sealed class OrderedWritesTests
{
    private readonly TimerWatchingTimeProvider _time = new();
    private readonly ListLoggerProvider _log = new();

    private OrderedWrites Writes() => new(_log.CreateLogger("writes"), _time);

    [Fact]
    public async Task Writes_RunInTheOrderQueued_EachAfterTheOneBefore()
    {
        var writes = Writes();
        var order = new List<int>();
        var first = new TaskCompletionSource();
        writes.Enqueue("first", async () => { await first.Task; order.Add(1); });
        writes.Enqueue("second", () => { order.Add(2); return Task.CompletedTask; });

        await Task.Delay(50);
        Assert.Empty(order);
        first.SetResult();
        await writes.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([1, 2], order);
    }

    [Fact]
    public async Task AFailedWrite_IsLogged_AndTheNextStillRuns()
    {
        var writes = Writes();
        var ran = false;
        writes.Enqueue("a prompt", () => throw new InvalidOperationException("disk full"));
        writes.Enqueue("the next", () => { ran = true; return Task.CompletedTask; });

        await writes.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(ran);
        Assert.Contains(_log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) && l.Contains("Could not save a prompt") && l.Contains("disk full"));
    }

    [Fact]
    public async Task AWriteStillRunningAfterFiveSeconds_IsLoggedAsSlow_OnceItsTimeIsUp()
    {
        var writes = Writes();
        var stuck = new TaskCompletionSource();
        writes.Enqueue("a new conversation", () => stuck.Task);
        await _time.TimerCreated.WaitAsync(TimeSpan.FromSeconds(5)); // its 5 s count from here, however busy the machine

        _time.Advance(OrderedWrites.SlowAfter - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.DoesNotContain(_log.Lines, l => l.Contains("has run for over"));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Eventually.True(() => _log.Lines.Any(l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Saving a new conversation to the conversation store has run for over 5 s")), "the slow-save warning");

        Assert.False(writes.FlushAsync().IsCompleted); // still waiting for it: later writes keep their order
        stuck.SetResult();
        await writes.FlushAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    // A fake clock that says when the code under test has armed a timer on it (advancing before that would be lost).
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task TimerCreated => _created.Task;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.TrySetResult();
            return timer;
        }
    }
}
