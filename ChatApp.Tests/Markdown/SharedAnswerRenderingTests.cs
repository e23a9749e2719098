using ChatApp.Markdown;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;

namespace ChatApp.Tests.Markdown;

public sealed class SharedAnswerRenderingTests
{
    private long _sequence;

    private AnswerEvent Next(AnswerEvent e) => e with { Sequence = ++_sequence };

    private List<AnswerEvent> Events(params string[] texts) =>
        [Next(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null)), .. texts.Select(t => Next(new TextAppended(t)))];

    private static AnswerView ViewOf(IEnumerable<AnswerEvent> events)
    {
        var view = new AnswerView();
        view.Apply(events.ToList());
        return view;
    }

    [Fact]
    public void ReadersAtTheSameFrame_GetTheSameRender_RenderedOnce()
    {
        var events = Events("# Title\n\nSome **bold", " text");
        var shared = new SharedAnswerRendering();

        var first = shared.RenderUpTo(ViewOf(events));
        var second = shared.RenderUpTo(ViewOf(events));
        var third = shared.RenderUpTo(ViewOf(events));

        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, shared.Renders);
        Assert.Equal("Some <strong>bold text</strong>", first.Segments[0].Blocks[^1].Html.Trim()[3..^4]);
    }

    [Fact]
    public void AReaderBehind_GetsTheNewerFrame_NeverARenderBackwards()
    {
        var events = Events("One. ", "Two. ", "Three.");
        var shared = new SharedAnswerRendering();
        var ahead = shared.RenderUpTo(ViewOf(events));

        var behind = shared.RenderUpTo(ViewOf(events.Take(2)));

        Assert.Same(ahead, behind);
        Assert.Equal("One. Two. Three.".Length, behind.Length);
        Assert.Equal(1, shared.Renders);
    }

    [Fact]
    public void EachNewFrame_IsRenderedOnce_AndTheEndIsRenderedOnceMore()
    {
        var events = Events("Hello ", "world");
        var shared = new SharedAnswerRendering();
        shared.RenderUpTo(ViewOf(events.Take(2)));
        shared.RenderUpTo(ViewOf(events));
        shared.RenderUpTo(ViewOf(events));
        events.Add(Next(new AnswerEnded(StreamOutcome.Completed, null, DateTimeOffset.UnixEpoch, 2)));

        var final = shared.RenderUpTo(ViewOf(events));
        shared.RenderUpTo(ViewOf(events));

        Assert.True(final.IsComplete);
        Assert.True(final.Segments[0].Blocks.All(b => b.IsFinished));
        Assert.Equal(3, shared.Renders);
    }

    [Fact]
    public void AFrameIsImmutable_WhileTheAnswerGoesOn()
    {
        var events = Events("First paragraph.\n\nSecond");
        var shared = new SharedAnswerRendering();
        var early = shared.RenderUpTo(ViewOf(events));
        var earlyBlocks = early.Segments[0].Blocks.ToList();

        events.Add(Next(new TextAppended(" grows.\n\nThird.")));
        var later = shared.RenderUpTo(ViewOf(events));

        Assert.Equal(earlyBlocks, early.Segments[0].Blocks);
        Assert.True(later.Segments[0].Blocks.Count > early.Segments[0].Blocks.Count);
    }

    [Fact]
    public void AToolCard_StartsANewSegment_AtItsOffset()
    {
        var events = Events("Let me check.");
        events.Add(Next(new ToolCallChanged(new ToolCallView(0, 0, "call_1", "get_time", "{}", ToolCallState.Running, null, 13))));
        events.Add(Next(new TextAppended(" It is noon.")));
        var shared = new SharedAnswerRendering();

        var rendered = shared.RenderUpTo(ViewOf(events));

        Assert.Equal([0, 13], rendered.Segments.Select(s => s.Start));
        Assert.Contains("Let me check.", rendered.Segments[0].Blocks[0].Html);
        Assert.Contains("It is noon.", rendered.Segments[1].Blocks[0].Html);
    }

    [Fact]
    public async Task ReadersOnManyThreads_AllEndWithTheSameBlocksAsOneReaderAlone()
    {
        var texts = Enumerable.Range(0, 200).Select(i => i % 10 == 9 ? $"word{i}.\n\n" : $"word{i} ").ToArray();
        var events = Events(texts);
        events.Add(Next(new AnswerEnded(StreamOutcome.Completed, null, DateTimeOffset.UnixEpoch, texts.Length)));
        var shared = new SharedAnswerRendering();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(reader => Task.Run(() =>
        {
            for (var upTo = 1; upTo <= events.Count; upTo += 1 + reader)
            {
                shared.RenderUpTo(ViewOf(events.Take(upTo)));
            }
            return shared.RenderUpTo(ViewOf(events));
        })));
        var alone = new SharedAnswerRendering().RenderUpTo(ViewOf(events));

        var together = shared.RenderUpTo(ViewOf(events));
        Assert.Equal(alone.Segments[0].Blocks.Select(b => b.Html), together.Segments[0].Blocks.Select(b => b.Html));
        Assert.True(shared.Renders <= events.Count, $"{shared.Renders} renders for {events.Count} events");
    }

    [Fact]
    public void ABlocksTokens_AreReadOnce_AndDoNotChangeItsEquality()
    {
        var block = new MarkdownBlock(0, "<p>a <em>b</em></p>\n", false, 1);
        var twin = new MarkdownBlock(0, "<p>a <em>b</em></p>\n", false, 1);

        var tokens = block.Tokens;

        Assert.Same(tokens, block.Tokens);
        Assert.Equal(twin, block);
        Assert.Null(new MarkdownBlock(0, "<!-- x -->", false, 1).Tokens);
    }
}
