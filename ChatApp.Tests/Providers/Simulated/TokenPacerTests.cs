using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class TokenPacerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new();
    private readonly DueClock _clock;

    public TokenPacerTests() => _clock = new DueClock(_time);

    public void Dispose() => _clock.Dispose();

    [Fact]
    public async Task WaitUntil_CompletesWhenTheDueTimeHasPassed_NotBefore()
    {
        using var pacer = new TokenPacer(_clock, _time, CancellationToken.None);

        var wait = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(50)).AsTask();

        await FakeClockAssert.CompletesAfterAsync(_time, wait, 50);
    }

    [Fact]
    public async Task WaitUntil_DueTimesAreFromTheStart_SoLateTokensDoNotDelayTheNext()
    {
        using var pacer = new TokenPacer(_clock, _time, CancellationToken.None);
        _time.Advance(TimeSpan.FromMilliseconds(130)); // the consumer was slow: tokens due at 50 and 100 are late

        Assert.True(pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(50)).IsCompleted);
        Assert.True(pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(100)).IsCompleted);
        var third = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(150)).AsTask();
        await FakeClockAssert.CompletesAfterAsync(_time, third, 20);
    }

    [Fact]
    public async Task WaitUntil_AfterOneTokenIsReleased_HoldsTheNextUntilItsOwnDueTime()
    {
        using var pacer = new TokenPacer(_clock, _time, CancellationToken.None);
        var first = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(10)).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await first.WaitAsync(TimeSpan.FromSeconds(5));

        var second = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(100)).AsTask();
        for (var at = 20; at < 100; at += 10)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await Task.Yield();
            Assert.False(second.IsCompleted, $"released at {at} ms, due at 100 ms");
        }
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitUntil_TheFirstToken_GoesAheadOfOtherWorkDueThen_LaterTokensTakeTheirTurn()
    {
        using var pacer = new TokenPacer(_clock, _time, CancellationToken.None);
        var due = _time.GetTimestamp() + _time.TimestampFrequency / 100; // 10 ms on
        Task? first = null;
        var firstWasOut = new Observer(() => first!.IsCompleted);
        _clock.SetAt(due, firstWasOut); // a running answer's token, due at the same time and set before
        first = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(10)).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await first.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(firstWasOut.Saw);

        Task? second = null;
        var secondWasOut = new Observer(() => second!.IsCompleted);
        _clock.SetAt(due + _time.TimestampFrequency / 100, secondWasOut);
        second = pacer.WaitUntilAsync(TimeSpan.FromMilliseconds(20)).AsTask();
        _time.Advance(TimeSpan.FromMilliseconds(10));
        await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(secondWasOut.Saw); // in the order set
    }

    // Other work on the clock: records what it saw when it ran.
    private sealed class Observer(Func<bool> look) : IThreadPoolWorkItem
    {
        public bool Saw { get; private set; }

        public void Execute() => Saw = look();
    }

    [Fact]
    public async Task WaitUntil_Cancelled_ThrowsAtOnce()
    {
        using var cts = new CancellationTokenSource();
        using var pacer = new TokenPacer(_clock, _time, cts.Token);
        var wait = pacer.WaitUntilAsync(TimeSpan.FromMinutes(1)).AsTask();

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
