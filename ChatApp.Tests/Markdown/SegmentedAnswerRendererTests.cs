using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class SegmentedAnswerRendererTests
{
    private static string Html(AnswerSegment segment) => string.Concat(segment.Blocks.Select(b => b.Html));

    [Fact]
    public void TextAcrossABreak_IsTwoSegments_TheFirstFinishedAtTheBreak()
    {
        var answer = new SegmentedAnswerRenderer();

        answer.Append("Let me check.\n\nIt is *noon*.", [13]);
        answer.Render(complete: false);

        Assert.Equal([0, 13], answer.Segments.Select(s => s.Start));
        Assert.Equal("<p>Let me check.</p>\n", Html(answer.Segments[0]));
        Assert.All(answer.Segments[0].Blocks, b => Assert.True(b.IsFinished));
        Assert.Equal("<p>It is <em>noon</em>.</p>\n", Html(answer.Segments[1]));
    }

    [Fact]
    public void BreakAtTheCurrentEnd_StartsAnEmptySegment_ForTheCardsToStandBefore()
    {
        var answer = new SegmentedAnswerRenderer();
        answer.Append("Checking", []);

        answer.Append("", [8]);
        answer.Render(complete: false);

        Assert.Equal([0, 8], answer.Segments.Select(s => s.Start));
        Assert.DoesNotContain(answer.Segments[1].Blocks, b => b.Html.Length > 0);
        Assert.Equal(8, answer.Length);
    }

    [Fact]
    public void BreakAtZero_AddsNoSegment_TheCardsStandBeforeTheFirst()
    {
        var answer = new SegmentedAnswerRenderer();

        answer.Append("It is noon.", [0]);

        Assert.Single(answer.Segments);
    }

    [Fact]
    public void PiecesOverManyFrames_RenderTheSameAsAtOnce()
    {
        const string text = "Before the tools, a **list**:\n\n- one\n- two\n\nAfter them, `code` and more.";
        var breaks = new[] { 29, 44 };
        var whole = new SegmentedAnswerRenderer();
        whole.Append(text, breaks);
        whole.Render(complete: true);

        var pieces = new SegmentedAnswerRenderer();
        for (var at = 0; at < text.Length; at += 5)
        {
            // A frame only sees the breaks that exist by then (a card appears when the text reaches it).
            pieces.Append(text.Substring(at, Math.Min(5, text.Length - at)), breaks.Where(b => b <= at + 5));
            pieces.Render(complete: false);
        }
        pieces.Render(complete: true);

        Assert.Equal(whole.Segments.Select(s => (s.Start, Html(s))), pieces.Segments.Select(s => (s.Start, Html(s))));
    }
}
