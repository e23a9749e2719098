using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class TokenClockTests
{
    private readonly FakeTimeProvider _time = new();

    private long In(int milliseconds) => _time.GetTimestamp() + (long)(milliseconds / 1000.0 * _time.TimestampFrequency);

    [Fact]
    public async Task SetAt_ReleasesEachWaiterAtItsOwnDueTime_WhateverOrderTheyCameIn()
    {
        using var clock = new TokenClock(_time);
        var late = new ReusableSignal();
        var early = new ReusableSignal();
        var lateWait = late.WaitAsync().AsTask();
        var earlyWait = early.WaitAsync().AsTask();

        clock.SetAt(In(100), late);
        clock.SetAt(In(30), early); // earlier than what the timer is armed for: it is re-armed

        _time.Advance(TimeSpan.FromMilliseconds(29));
        Assert.False(earlyWait.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await earlyWait.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(lateWait.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(69));
        Assert.False(lateWait.IsCompleted);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await lateWait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task SetAt_WaitersDueTogether_AreAllReleasedByOneFiring()
    {
        using var clock = new TokenClock(_time);
        var signals = Enumerable.Range(0, 50).Select(_ => new ReusableSignal()).ToList();
        var waits = signals.Select(s => s.WaitAsync().AsTask()).ToList();
        foreach (var (signal, i) in signals.Select((s, i) => (s, i)))
        {
            clock.SetAt(In(10 + i % 5), signal); // due at 10..14 ms
        }

        _time.Advance(TimeSpan.FromMilliseconds(20)); // one firing at 10 ms, the rest were due by then... or soon after

        await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(5)); // some are resumed through the thread pool
    }

    [Fact]
    public async Task SetAt_AlreadyDue_ReleasesAtOnce()
    {
        using var clock = new TokenClock(_time);
        var signal = new ReusableSignal();
        var wait = signal.WaitAsync().AsTask();

        clock.SetAt(_time.GetTimestamp(), signal);

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
