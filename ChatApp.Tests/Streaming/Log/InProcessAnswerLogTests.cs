using ChatApp.Streaming;
using ChatApp.Streaming.Log;

namespace ChatApp.Tests.Streaming.Log;

public sealed class InProcessAnswerLogTests
{
    private readonly InProcessAnswerLog _log = new(Guid.NewGuid());

    private static AnswerEvent Started() => new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null);

    private static AnswerEvent Ended() => new AnswerEnded(StreamOutcome.Completed, null, DateTimeOffset.UnixEpoch, 0);

    [Fact]
    public async Task Append_NumbersEventsFromOne_InOrder()
    {
        _log.Append([Started(), new TextAppended("a")]);
        _log.Append(new TextAppended("b"));

        var events = await _log.ReadAfterAsync(0);

        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Sequence));
        Assert.Equal(3, _log.Head);
    }

    [Fact]
    public async Task ReadAfterInto_AddsExactlyTheNewEvents_AndAnUpToDateReadGetsNone()
    {
        var batch = new List<AnswerEvent>();
        _log.Append([Started(), new TextAppended("a")]);
        await _log.ReadAfterAsync(0, batch);
        Assert.Equal([1L, 2L], batch.Select(e => e.Sequence));

        Assert.Empty(await _log.ReadAfterAsync(2));
        batch.Clear();
        await _log.ReadAfterAsync(2, batch);
        Assert.Empty(batch);

        _log.Append([new TextAppended("b"), Ended()]);
        await _log.ReadAfterAsync(2, batch);
        Assert.Equal([new TextAppended("b") { Sequence = 3 }, Ended() with { Sequence = 4 }], batch);
    }

    [Fact]
    public async Task ReadAfter_FromEveryPoint_GivesTextAndOtherEventsInTheirPlaces()
    {
        AnswerEvent[] appended = [Started(), new TextAppended("one "), new StatusChanged("Model", "Searching…", false), new TextAppended("two "),
            new TextAppended("three"), new StatusChanged("Model", null, false), new TextAppended("."), Ended()];
        _log.Append(appended[..3]);
        _log.Append(appended[3..]);

        for (var after = 0; after <= appended.Length; after++)
        {
            var events = await _log.ReadAfterAsync(after);

            Assert.Equal(appended.Skip(after).Select((e, i) => e with { Sequence = after + i + 1 }), events);
        }
        Assert.Equal("one two three.", _log.Text);
    }

    [Theory]
    [InlineData(0, 4)]
    [InlineData(1, 3)]
    [InlineData(3, 1)]
    [InlineData(4, 0)]
    [InlineData(9, 0)]
    public async Task ReadAfter_GivesExactlyTheSuffix(long after, int count)
    {
        _log.Append([Started(), new TextAppended("a"), new TextAppended("b"), Ended()]);

        var events = await _log.ReadAfterAsync(after);

        Assert.Equal(count, events.Count);
        Assert.All(events, e => Assert.True(e.Sequence > after));
    }

    [Fact]
    public void AfterTheOutcome_TheLogTakesNoMore()
    {
        _log.Append([Started(), Ended()]);

        Assert.Throws<InvalidOperationException>(() => _log.Append(new TextAppended("late")));
    }

    [Fact]
    public void Subscribers_AreNudgedOncePerAppend_UntilTheyLeave()
    {
        var nudges = 0;
        var subscription = _log.Subscribe(() => nudges++);

        _log.Append([Started(), new TextAppended("a")]);
        _log.Append(new TextAppended("b"));
        subscription.Dispose();
        _log.Append(new TextAppended("c"));

        Assert.Equal(2, nudges);
    }
}
