using System.Diagnostics;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Streaming;

public sealed class DueClockTests
{
    private readonly FakeTimeProvider _time = new();

    private long In(int milliseconds) => _time.GetTimestamp() + (long)(milliseconds / 1000.0 * _time.TimestampFrequency);

    [Fact]
    public async Task SetAt_ReleasesEachWaiterAtItsOwnDueTime_WhateverOrderTheyCameIn()
    {
        using var clock = new DueClock(_time);
        var late = new ReusableSignal();
        var early = new ReusableSignal();
        var lateWait = late.WaitAsync().AsTask();
        var earlyWait = early.WaitAsync().AsTask();

        clock.SetAt(In(100), late);
        clock.SetAt(In(30), early); // earlier than what the timer is armed for: it is re-armed

        await FakeClockAssert.CompletesAfterAsync(_time, earlyWait, 30);
        Assert.False(lateWait.IsCompleted);
        await FakeClockAssert.CompletesAfterAsync(_time, lateWait, 70);
    }

    [Fact]
    public async Task SetAt_WaitersDueTogether_AreReleasedTogether_LaterOnesWait()
    {
        using var clock = new DueClock(_time);
        var signals = Enumerable.Range(0, 50).Select(_ => new ReusableSignal()).ToList();
        var waits = signals.Select(s => s.WaitAsync().AsTask()).ToList();
        for (var i = 0; i < signals.Count; i++)
        {
            clock.SetAt(In(10 + i % 5), signals[i]); // ten each at 10, 11, 12, 13 and 14 ms
        }

        _time.Advance(TimeSpan.FromMilliseconds(10));
        var dueAt10 = waits.Where((_, i) => i % 5 == 0).ToList();
        await Task.WhenAll(dueAt10).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(waits.Except(dueAt10), w => w.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(4));
        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SetAt_AlreadyDue_ReleasesAtOnce()
    {
        using var clock = new DueClock(_time);
        var signal = new ReusableSignal();
        var wait = signal.WaitAsync().AsTask();

        clock.SetAt(_time.GetTimestamp(), signal);

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OnAGrid_WaitersDueWithinOneStep_AreReleasedTogetherAtTheStep_NoneBeforeItsDueTime()
    {
        using var clock = new DueClock(_time, grid: TimeSpan.FromMilliseconds(4));
        Assert.Equal(TimeSpan.TicksPerSecond, _time.TimestampFrequency); // the fake clock's timestamps are ticks
        var step = TimeSpan.FromMilliseconds(4).Ticks;
        _time.Advance(TimeSpan.FromTicks(step - _time.GetTimestamp() % step)); // start on a step
        var signals = Enumerable.Range(0, 4).Select(_ => new ReusableSignal()).ToList();
        var waits = signals.Select(s => s.WaitAsync().AsTask()).ToList();
        clock.SetAt(In(1), signals[0]);
        clock.SetAt(In(3), signals[1]);
        clock.SetAt(In(4), signals[2]);
        clock.SetAt(In(5), signals[3]); // the next step's

        for (var ms = 1; ms <= 3; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            Assert.DoesNotContain(waits, w => w.IsCompleted); // due, but the grid fires at 4 ms
        }
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await Task.WhenAll(waits.Take(3)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(waits[3].IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(3));
        Assert.False(waits[3].IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await waits[3].WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task OnTheSystemClock_AStepWithinTheInlineBudget_RunsOnTheFiringThread_NoWorkerWoken()
    {
        using var clock = new DueClock(TimeProvider.System, inlineBudget: TimeSpan.FromSeconds(10));
        var work = Enumerable.Range(0, 5).Select(_ => new WhereItRan()).ToList();
        var due = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50; // 20 ms on: all in one step
        work.ForEach(w => clock.SetAt(due, w));

        var insideTheFiring = await Task.WhenAll(work.Select(w => w.Ran)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.All(insideTheFiring, Assert.True);
    }

    [Fact]
    public async Task OnTheSystemClock_PastTheInlineBudget_TheRestOfTheStepGoesToTheThreadPool()
    {
        using var clock = new DueClock(TimeProvider.System, inlineBudget: TimeSpan.Zero);
        var work = Enumerable.Range(0, 5).Select(_ => new WhereItRan()).ToList();
        var due = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50;
        work.ForEach(w => clock.SetAt(due, w));

        var insideTheFiring = await Task.WhenAll(work.Select(w => w.Ran)).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([true, false, false, false, false], insideTheFiring); // the first ran in the firing, the rest from the pool
    }

    [Fact]
    public void SetAt_UrgentWork_RunsBeforeTheStepsOtherWork_WhateverOrderItCameIn()
    {
        using var clock = new DueClock(_time);
        var ran = new List<string>();
        clock.SetAt(In(10), new Recorder("running answer's next token", ran));
        clock.SetAt(In(10), new Recorder("another running answer", ran));
        clock.SetAt(In(10), new Recorder("new answer's first token", ran), urgent: true);

        _time.Advance(TimeSpan.FromMilliseconds(10));

        Assert.Equal(["new answer's first token", "running answer's next token", "another running answer"], ran);
    }

    [Fact]
    public async Task OnTheSystemClock_UrgentWorkPastTheInlineBudget_GoesAheadOfWhatTheLaneAlreadyHolds()
    {
        var pool = new System.Collections.Concurrent.ConcurrentQueue<IThreadPoolWorkItem>();
        var lane = new TurnTakingLane(maxRunners: 1, turn: TimeSpan.Zero, schedule: pool.Enqueue);
        using var clock = new DueClock(TimeProvider.System, inlineBudget: TimeSpan.Zero, lane: lane);
        var ran = new List<string>();
        lane.Enqueue([new Recorder("a running answer's token, already late", ran)]);
        var due = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50; // 20 ms on: all in one step
        clock.SetAt(due, new Recorder("next token", ran));
        clock.SetAt(due, new Recorder("first token of answer 1", ran), urgent: true);
        clock.SetAt(due, new Recorder("first token of answer 2", ran), urgent: true);

        // The firing runs one item itself (zero budget) and hands the other two to the lane.
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (lane.Waiting < 3 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(5);
        }
        while (pool.TryDequeue(out var runner))
        {
            runner.Execute();
        }

        Assert.Equal(["first token of answer 1", "first token of answer 2", "a running answer's token, already late", "next token"], ran);
    }

    private sealed class Recorder(string name, List<string> ran) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            lock (ran)
            {
                ran.Add(name);
            }
        }
    }

    // Records whether it ran inside the clock's firing (DueClock.Release on its stack) or from the thread pool's queue.
    private sealed class WhereItRan : IThreadPoolWorkItem
    {
        private readonly TaskCompletionSource<bool> _ran = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<bool> Ran => _ran.Task;

        public void Execute() => _ran.TrySetResult(new StackTrace().GetFrames()
            .Any(frame => frame.GetMethod() is { Name: "Release" } method && method.DeclaringType == typeof(DueClock)));
    }
}
