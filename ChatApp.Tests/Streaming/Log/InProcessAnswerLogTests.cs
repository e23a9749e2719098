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

    [Fact]
    public async Task ReadAfter_FromEveryPoint_GivesBackEveryTextExactly_WhateverItsScriptOrLength()
    {
        // Text kept as UTF-8 in 1 KB chunks with a byte per event: characters of 1-4 bytes split across chunks,
        // texts over 255 bytes and over a chunk, other events between, checkpoints every 64 events.
        var random = new Random(17);
        string[] pieces = ["word ", "é", "日本語", "😀", "naïve ", "\n", new string('x', 300), string.Concat(Enumerable.Repeat("ü😀", 700))];
        var appended = new List<AnswerEvent> { Started() };
        for (var i = 0; i < 400; i++)
        {
            appended.Add(random.Next(20) == 0
                ? new StatusChanged("Model", $"step {i}", false)
                : new TextAppended(string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => pieces[random.Next(pieces.Length)]))));
        }
        appended.Add(Ended());
        for (var from = 0; from < appended.Count;)
        {
            var count = Math.Min(random.Next(1, 9), appended.Count - from);
            _log.Append(appended.GetRange(from, count));
            from += count;
        }

        for (var after = 0; after <= appended.Count; after++)
        {
            Assert.Equal(appended.Skip(after).Select((e, i) => e with { Sequence = after + i + 1 }), await _log.ReadAfterAsync(after));
        }
        var text = string.Concat(appended.OfType<TextAppended>().Select(t => t.Text));
        Assert.Equal(text, _log.Text);
        Assert.Equal(text.Length, _log.TextLength);
    }

    [Fact]
    public async Task ASurrogatePairSplitBetweenTwoEvents_IsKeptAsItCame()
    {
        AnswerEvent[] appended = [new TextAppended("a\ud83d"), new TextAppended("\ude00b"), new TextAppended("c")];
        _log.Append(appended);

        Assert.Equal(appended.Select((e, i) => e with { Sequence = i + 1 }), await _log.ReadAfterAsync(0));
        Assert.Equal([new TextAppended("\ude00b") { Sequence = 2 }, new TextAppended("c") { Sequence = 3 }], await _log.ReadAfterAsync(1));
        Assert.Equal("a😀bc", _log.Text);
        Assert.Equal(5, _log.TextLength);
    }

    [Fact]
    public async Task AReaderAtTheHead_IsGivenTheAppendedTextItself_AndEarlierTextIsDecodedFromTheLog()
    {
        var first = string.Concat("first", " ");
        var newest = string.Concat("new", "est");
        _log.Append([Started(), new TextAppended(first)]);
        _log.Append([new TextAppended(newest), new StatusChanged("Model", "Searching…", false)]);

        var events = await _log.ReadAfterAsync(1);

        Assert.Equal([new TextAppended(first) { Sequence = 2 }, new TextAppended(newest) { Sequence = 3 }, new StatusChanged("Model", "Searching…", false) { Sequence = 4 }], events);
        Assert.NotSame(first, ((TextAppended)events[0]).Text);
        Assert.Same(newest, ((TextAppended)events[1]).Text);
        Assert.Equal("first newest", _log.Text);
    }

    [Fact]
    public async Task ATextEventAppendedWithItsSequence_IsTheEventEveryReaderAtTheHeadGets()
    {
        _log.Append(Started());
        var stamped = new TextAppended("token") { Sequence = 2 };
        _log.Append(stamped);

        var first = await _log.ReadAfterAsync(1);
        var second = await _log.ReadAfterAsync(0);

        Assert.Same(stamped, Assert.Single(first));
        Assert.Same(stamped, second[1]);
    }

    [Fact]
    public async Task ATextEventWithTheWrongSequence_IsRenumbered_NotKeptAsItCame()
    {
        _log.Append(Started());
        var misnumbered = new TextAppended("token") { Sequence = 7 };
        _log.Append(misnumbered);

        var events = await _log.ReadAfterAsync(0);

        Assert.Equal([1L, 2L], events.Select(e => e.Sequence));
        Assert.NotSame(misnumbered, events[1]);
        Assert.Equal(7, misnumbered.Sequence); // the caller's event is left as it was
        Assert.Equal("token", _log.Text);
    }

    [Fact]
    public async Task AnUnpairedSurrogate_LeavesTheTextAroundItIntact()
    {
        AnswerEvent[] appended = [new TextAppended("ab"), new TextAppended("x\ud83d"), new TextAppended("cd"), new TextAppended("é")];
        foreach (var e in appended)
        {
            _log.Append(e);
        }

        Assert.Equal(appended.Select((e, i) => e with { Sequence = i + 1 }), await _log.ReadAfterAsync(0));
        Assert.Equal("abx\ud83dcdé", _log.Text);
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
