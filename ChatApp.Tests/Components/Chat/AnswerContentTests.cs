using Bunit;
using ChatApp.Components.Chat;
using ChatApp.Markdown;

namespace ChatApp.Tests.Components.Chat;

/// <summary>
/// The content tells its reader which frame each render showed, once the browser has it: the reader's gate opens
/// only on the acknowledgement of the newest frame, so no second frame goes into flight.
/// </summary>
public sealed class AnswerContentTests : BunitContext
{
    private readonly IncrementalMarkdownRenderer _markdown = new();

    private RenderedAnswer Append(string text)
    {
        _markdown.Append(text);
        List<MarkdownBlock> blocks = [.. _markdown.Render()]; // a frame's own copy: the renderer keeps one list up to date
        return new RenderedAnswer(blocks.Sum(b => b.Html.Length), false, [new RenderedSegment(0, blocks)]);
    }

    [Fact]
    public void ATextOnlyFrameSentOnAnAcknowledgement_IsReportedOnlyOnceItsOwnRenderIsShown()
    {
        // A render of the whole content (the open block in it) is acknowledged: the content's after-render runs, then
        // the open block's. A reader sending the next, text-only frame from the first must not hear "shown" from the
        // second: that after-render belongs to the render before the frame, so the frame would count as shown before
        // the browser had it, and a second one would go into flight.
        var state = new AnswerContentState { Rendered = Append("First paragraph.\n\nSecond"), Sent = 1 };
        var reports = new List<(long Frame, string Shown)>();
        IRenderedComponent<AnswerContent>? cut = null;
        cut = Render<AnswerContent>(parameters => parameters
            .Add(p => p.State, state)
            .Add(p => p.Rendered, frame =>
            {
                reports.Add((frame, cut?.Markup ?? ""));
                if (frame == 2 && state.Sent == 2)
                {
                    state.Rendered = Append(" more");
                    state.Sent = 3;
                    cut!.Instance.Refresh(); // as MessageItem does when the gate opens with text waiting
                }
            }));
        state.Rendered = Append(" grows");
        state.Sent = 2;

        cut.Render(); // frame 2 renders the whole content

        cut.WaitForAssertion(() => Assert.Contains(reports, r => r.Frame == 3));
        Assert.Equal([1L, 2L, 3L], reports.Select(r => r.Frame));
        Assert.Contains("Second grows more", reports[2].Shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFrameThatShowsNothingNew_RendersNothing_AndTheNextOneRendersItsText()
    {
        var state = new AnswerContentState { Rendered = Append("First paragraph.\n\nSecond"), Sent = 1 };
        var reports = new List<long>();
        var cut = Render<AnswerContent>(parameters => parameters.Add(p => p.State, state).Add(p => p.Rendered, reports.Add));
        var open = cut.FindComponents<MarkdownBlockView>()[1];
        var (contentRenders, openRenders) = (cut.Instance.RenderCount, open.Instance.RenderCount);

        // A trailing space: the open paragraph renders the same, so the frame has nothing to send.
        state.Rendered = Append(" ");
        state.Sent = 2;
        Assert.False(await RefreshAsync(cut));
        Assert.Equal((contentRenders, openRenders), (cut.Instance.RenderCount, open.Instance.RenderCount));

        state.Rendered = Append("grows");
        state.Sent = 3;
        Assert.True(await RefreshAsync(cut));

        cut.WaitForAssertion(() => Assert.Equal([1L, 3L], reports));
        Assert.Equal(contentRenders, cut.Instance.RenderCount); // the open block grew alone
        Assert.Contains("Second grows", cut.Markup, StringComparison.Ordinal);
    }

    private static async Task<bool> RefreshAsync(IRenderedComponent<AnswerContent> cut)
    {
        var refreshed = false;
        await cut.InvokeAsync(() => refreshed = cut.Instance.Refresh());
        return refreshed;
    }
}
