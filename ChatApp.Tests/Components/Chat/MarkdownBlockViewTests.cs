#pragma warning disable BL0006
using Bunit;
using ChatApp.Components.Chat;
using ChatApp.Markdown;
using ChatApp.Tests.TestSupport;
using Microsoft.AspNetCore.Components.RenderTree;

namespace ChatApp.Tests.Components.Chat;

/// <summary>The open block grows in place: each frame's edits append to its DOM instead of re-creating it.</summary>
public sealed class MarkdownBlockViewTests : BunitContext
{
    private static readonly string Paragraph = string.Join(' ', Enumerable.Range(1, 330).Select(i => $"w{i:D4}")) + " and **bold** end";

    /// <summary>Streams <paramref name="markdown"/> in <paramref name="step"/>-character frames into one block view; returns each frame's edits.</summary>
    private static async Task<List<(int Appended, List<RecordedEdit> Edits)>> StreamAsync(string markdown, int step, bool finish = true, bool cursor = false)
    {
        var renderer = new EditRecordingRenderer();
        var markdownRenderer = new IncrementalMarkdownRenderer();
        int? id = null;
        var frames = new List<(int, List<RecordedEdit>)>();
        for (var at = 0; at < markdown.Length; at += step)
        {
            var piece = markdown.Substring(at, Math.Min(step, markdown.Length - at));
            markdownRenderer.Append(piece);
            var block = markdownRenderer.Render()[0];
            Assert.Single(markdownRenderer.Blocks);
            var before = renderer.Batches.Count;
            id = await renderer.RenderAsync<MarkdownBlockView>(id, new Dictionary<string, object?> { ["Block"] = block, ["Cursor"] = cursor });
            frames.Add((piece.Length, renderer.Batches.Skip(before).SelectMany(b => b).ToList()));
        }
        if (finish)
        {
            var final = markdownRenderer.Complete()[0];
            var before = renderer.Batches.Count;
            await renderer.RenderAsync<MarkdownBlockView>(id, new Dictionary<string, object?> { ["Block"] = final, ["Cursor"] = false });
            frames.Add((0, renderer.Batches.Skip(before).SelectMany(b => b).ToList()));
        }
        return frames;
    }

    private static bool RemovesAnElement(List<RecordedEdit> edits) => edits.Any(e => e.Type == RenderTreeEditType.RemoveFrame);

    [Fact]
    public async Task AGrowingParagraph_AppendsText_AndNeverReplacesItsNodes()
    {
        var frames = await StreamAsync(Paragraph, step: 11);

        foreach (var (appended, edits) in frames.Skip(1).SkipLast(1))
        {
            Assert.DoesNotContain(edits, e => e.ElementName == "p");
            Assert.DoesNotContain(edits, e => e.Type == RenderTreeEditType.RemoveFrame);
            // Nothing already shown is touched: the appended text arrives as new text nodes.
            Assert.DoesNotContain(edits, e => e.Type == RenderTreeEditType.UpdateText);
            // On the wire: the appended text plus the rest of the run it landed in, never the paragraph.
            Assert.InRange(edits.Sum(e => e.Text?.Length ?? 0), 0, appended + TextRuns.MaxLength);
        }
        // Finishing changes nothing: the last frame showed the final text.
        Assert.DoesNotContain(frames[^1].Edits, e => e.Type is RenderTreeEditType.RemoveFrame or RenderTreeEditType.PrependFrame);
    }

    [Fact]
    public async Task AGrowingParagraph_SendsAboutTheAppendedTextInTotal()
    {
        var frames = await StreamAsync(Paragraph, step: 7);

        var sent = frames.Sum(f => f.Edits.Sum(e => e.Text?.Length ?? 0));

        // Re-sending the paragraph each frame would be ~frames × length / 2 (≈ 290 × 1,000 here).
        Assert.True(sent < Paragraph.Length * 4, $"{sent} characters sent for a {Paragraph.Length}-character paragraph");
    }

    [Fact]
    public async Task AnOpenCodeBlock_KeepsItsPre_UntilTheFenceClosesAndItIsHighlighted()
    {
        var code = "```csharp\n" + string.Concat(Enumerable.Range(1, 40).Select(i => $"var value{i} = Compute({i}, \"text\");\n"));

        var frames = await StreamAsync(code, step: 9, finish: false);

        Assert.All(frames.Skip(1), frame => Assert.False(RemovesAnElement(frame.Edits) && frame.Edits.Any(e => e.ElementName == "pre"),
            "the open <pre> was re-created"));
        Assert.All(frames.Skip(2), frame => Assert.DoesNotContain(frame.Edits, e => e.ElementName is "pre" or "code"));
    }

    [Fact]
    public async Task AQuoteOfSeveralParagraphs_AppendsToItsLastParagraph()
    {
        var quote = string.Concat(Enumerable.Range(1, 4).Select(p => $"> Paragraph {p} of the quote, with words enough to span a few runs of text.\n>\n"));

        var frames = await StreamAsync(quote, step: 6, finish: false);

        Assert.All(frames.Skip(1), frame => Assert.DoesNotContain(frame.Edits, e => e.ElementName == "blockquote"));
        // A paragraph is added when the quote's next one starts; none is ever removed.
        Assert.Equal(3, frames.Sum(f => f.Edits.Count(e => e.ElementName == "p")));
        Assert.DoesNotContain(frames.SelectMany(f => f.Edits), e => e.Type == RenderTreeEditType.RemoveFrame);
    }

    [Fact]
    public async Task TheCursor_IsNotRecreated_WhileTextIsAppendedBeforeIt()
    {
        var frames = await StreamAsync(string.Join(' ', Enumerable.Range(1, 200).Select(i => $"w{i}")), step: 13, finish: false, cursor: true);

        Assert.All(frames.Skip(1), frame => Assert.DoesNotContain(frame.Edits, e => e.ElementName == "span" || e.Type == RenderTreeEditType.RemoveFrame));
    }

    [Theory]
    [InlineData("Some **bold and `code` text", "p")]
    [InlineData("```js\nlet a = 1;\n", "pre")]
    [InlineData("- one\n- two *it", "ul")]
    [InlineData("| a | b |\n| - | - |\n| 1 | 2", "p")]
    public void TheTree_ShowsTheSameAsTheMarkup_WithTheCursorAfterTheLastCharacter(string markdown, string _)
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append(markdown);
        var block = renderer.Render()[^1];

        var cut = Render<MarkdownBlockView>(p => p.Add(v => v.Block, block).Add(v => v.Cursor, true));

        cut.MarkupMatches(StreamCursor.AppendTo(block.Html));
    }

    [Fact]
    public void AFinishedBlockFromHistory_IsOneMarkupString()
    {
        var block = new MarkdownBlock(0, "<p>done</p>\n", IsFinished: true, Version: 1);

        var cut = Render<MarkdownBlockView>(p => p.Add(v => v.Block, block));

        cut.MarkupMatches("<p>done</p>");
    }
}
