using ChatApp.Lab;

namespace ChatApp.Tests.Lab;

public sealed class LabPaneRendererTests
{
    private static readonly LabPaneSettings Streaming = LabPreset.All(300, 65).Single(p => p.Id == "cloud").Settings;
    private const string Code = "Here:\n\n```csharp\nvar x = 1;\n";

    [Fact]
    public void Incremental_SendsAFinishedBlockOnce_AndOnlyTheOpenBlockAfter()
    {
        var renderer = new LabPaneRenderer(Streaming);

        renderer.Frame("First paragraph.\n\nSecond", complete: false);
        var afterFirst = renderer.MarkupBytes;
        renderer.Frame(" paragraph grows", complete: false);

        Assert.Equal(2, renderer.Frames);
        Assert.Equal(2, renderer.Blocks.Count);
        Assert.True(renderer.MarkupBytes - afterFirst < afterFirst, "the finished first paragraph was counted again");
        // The open paragraph grows in place: about the appended text, not the paragraph again.
        Assert.InRange(renderer.MarkupBytes - afterFirst, " paragraph grows".Length, " paragraph grows".Length + "</p>\n".Length);
    }

    [Fact]
    public void Naive_SendsTheWholeHtmlEveryFrame()
    {
        var renderer = new LabPaneRenderer(Streaming with { Markdown = LabMarkdown.Naive });

        renderer.Frame("First paragraph.\n\nSecond", complete: false);
        var first = renderer.MarkupBytes;
        renderer.Frame(" paragraph grows", complete: false);

        Assert.Empty(renderer.Blocks);
        Assert.Equal(first + System.Text.Encoding.UTF8.GetByteCount(renderer.Html), renderer.MarkupBytes);
        Assert.Contains("Second paragraph grows", renderer.Html);
    }

    [Fact]
    public void AllAtOnce_RendersNothingUntilTheAnswerIsComplete()
    {
        var renderer = new LabPaneRenderer(Streaming with { Frames = FramePacing.AllAtOnce });

        Assert.False(renderer.Frame("Hello ", complete: false));
        Assert.False(renderer.Frame("world", complete: false));
        Assert.Equal((0, 0), (renderer.Frames, renderer.ShownLength));

        Assert.True(renderer.Frame("", complete: true));
        Assert.Equal((1, 11), (renderer.Frames, renderer.ShownLength));
        Assert.Contains("Hello world", renderer.Blocks.Single().Html);
    }

    [Theory]
    [InlineData(LabHighlight.AtClosingFence, false)]
    [InlineData(LabHighlight.EveryFrame, true)]
    public void AnOpenCodeBlock_IsHighlightedOnlyWhenTheKnobSaysEveryFrame(LabHighlight highlight, bool coloured)
    {
        foreach (var markdown in new[] { LabMarkdown.Incremental, LabMarkdown.Naive })
        {
            var renderer = new LabPaneRenderer(Streaming with { Highlight = highlight, Markdown = markdown });

            renderer.Frame(Code, complete: false);

            var html = markdown == LabMarkdown.Naive ? renderer.Html : string.Concat(renderer.Blocks.Select(b => b.Html));
            Assert.Contains("data-state=\"open\"", html);
            Assert.Equal(coloured, html.Contains("<span class=\"keyword\">var</span>", StringComparison.Ordinal));
        }
    }
}
