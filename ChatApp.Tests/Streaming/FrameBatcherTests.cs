using ChatApp.Streaming;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Streaming;

public sealed class FrameBatcherTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(16);
    private readonly FakeTimeProvider _time = new();
    private readonly FrameBatcher _batcher;
    private int _flushes;

    public FrameBatcherTests() => _batcher = new FrameBatcher(Interval, _time, () => _flushes++);

    [Fact]
    public void NotifyChanged_FirstChange_FlushesImmediately()
    {
        _batcher.NotifyChanged();

        Assert.Equal(1, _flushes);
    }

    [Fact]
    public void NotifyChanged_ManyChangesInsideOneInterval_FlushOnceMoreAtTheIntervalEnd()
    {
        _batcher.NotifyChanged();
        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
            _batcher.NotifyChanged();
        }
        Assert.Equal(1, _flushes);

        _time.Advance(TimeSpan.FromMilliseconds(6)); // 16 ms after the first flush

        Assert.Equal(2, _flushes);
    }

    [Fact]
    public void NotifyChanged_TailOfABurst_IsFlushedByTheTimerWithoutAnotherChange()
    {
        _batcher.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(5));
        _batcher.NotifyChanged(); // the last token of a burst

        _time.Advance(TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, _flushes);
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(2, _flushes);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, _flushes); // nothing new, no more frames
    }

    [Fact]
    public void NotifyChanged_AfterAQuietInterval_FlushesImmediatelyAgain()
    {
        _batcher.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(40));

        _batcher.NotifyChanged();

        Assert.Equal(2, _flushes);
    }

    [Fact]
    public void NotifyChanged_SteadyStream_AtMostOneFramePerInterval()
    {
        // 1000 tokens, one per millisecond, for one second.
        for (var i = 0; i < 1000; i++)
        {
            _batcher.NotifyChanged();
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        _time.Advance(Interval);

        Assert.InRange(_flushes, 55, 64); // ~1000 ms / 16 ms, plus the final tail
    }

    [Fact]
    public void FlushNow_InsideAnInterval_FlushesAtOnceAndCancelsThePendingTimer()
    {
        _batcher.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(2));
        _batcher.NotifyChanged(); // timer pending

        _batcher.FlushNow();      // e.g. the stream completed

        Assert.Equal(2, _flushes);
        _time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.Equal(2, _flushes);
    }

    [Fact]
    public void ACancelledTail_DoesNotFlushTheNextOneEarly()
    {
        _batcher.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(2));
        _batcher.NotifyChanged();  // a tail due at 16 ms
        _time.Advance(TimeSpan.FromMilliseconds(3));
        _batcher.FlushNow();       // at 5 ms: the tail is cancelled (the shared clock still comes at 16)
        _time.Advance(TimeSpan.FromMilliseconds(1));
        _batcher.NotifyChanged();  // a new tail, due one interval after the last frame: 21 ms

        _time.Advance(TimeSpan.FromMilliseconds(10)); // 16 ms: the cancelled tail's call
        Assert.Equal(2, _flushes);
        _time.Advance(TimeSpan.FromMilliseconds(5));  // 21 ms
        Assert.Equal(3, _flushes);
    }

    [Fact]
    public void TailsOfManyAnswers_EachFlushAtItsOwnTime_OnTheSharedClock()
    {
        var flushed = new List<(int Answer, TimeSpan At)>();
        var started = _time.GetUtcNow();
        var batchers = Enumerable.Range(0, 3).Select(i => new FrameBatcher(Interval, _time, () => flushed.Add((i, _time.GetUtcNow() - started)))).ToList();
        for (var i = 0; i < batchers.Count; i++)
        {
            batchers[i].NotifyChanged();            // answer i's first frame at i ms
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
        foreach (var batcher in batchers)
        {
            batcher.NotifyChanged();                // each a tail, due 16 ms after its first frame
        }

        for (var ms = 0; ms < 20; ms++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([(0, TimeSpan.Zero), (1, TimeSpan.FromMilliseconds(1)), (2, TimeSpan.FromMilliseconds(2)),
            (0, TimeSpan.FromMilliseconds(16)), (1, TimeSpan.FromMilliseconds(17)), (2, TimeSpan.FromMilliseconds(18))], flushed);
        batchers.ForEach(b => b.Dispose());
    }

    [Fact]
    public void Dispose_PendingTimer_NeverFlushes()
    {
        _batcher.NotifyChanged();
        _time.Advance(TimeSpan.FromMilliseconds(2));
        _batcher.NotifyChanged();

        _batcher.Dispose();
        _time.Advance(TimeSpan.FromMilliseconds(50));
        _batcher.NotifyChanged();

        Assert.Equal(1, _flushes);
    }

    [Fact]
    public void FramesFlushed_CountsEveryFlush()
    {
        _batcher.NotifyChanged();
        _batcher.FlushNow();

        Assert.Equal(2, _batcher.FramesFlushed);
    }

    public void Dispose() => _batcher.Dispose();
}
