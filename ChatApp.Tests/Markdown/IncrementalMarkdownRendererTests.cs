using System.Text.RegularExpressions;
using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed partial class IncrementalMarkdownRendererTests
{
    private static string Concat(IEnumerable<MarkdownBlock> blocks) => string.Concat(blocks.Select(b => b.Html));

    /// <summary>Streams <paramref name="text"/> cut at <paramref name="cuts"/>, rendering a frame after each piece.</summary>
    private static IncrementalMarkdownRenderer Stream(string text, IEnumerable<int> cuts)
    {
        var renderer = new IncrementalMarkdownRenderer();
        var at = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < text.Length).Order())
        {
            renderer.Append(text[at..cut]);
            renderer.Render();
            at = cut;
        }
        renderer.Append(text[at..]);
        renderer.Render();
        renderer.Complete();
        return renderer;
    }

    // expected: the whole text rendered at once, when the caller already has it (the same for every split of one text).
    private static void AssertEquivalent(string text, IEnumerable<int> cuts, string? expected = null)
    {
        var renderer = Stream(text, cuts);
        expected ??= ChatMarkdown.ToHtml(text);
        var actual = Concat(renderer.Blocks);
        if (actual != expected)
        {
            Assert.Fail($"Not equivalent for cuts [{string.Join(",", cuts)}] of:\n{text}\n--- expected ---\n{expected}\n--- actual ---\n{actual}");
        }
        if (!UsesWholeDocumentFeatures().IsMatch(text))
        {
            Assert.False(renderer.UsedFullRender, $"the incremental path alone should be equivalent for:\n{text}");
        }
    }

    [GeneratedRegex(@"\[\^|\]:")]
    private static partial Regex UsesWholeDocumentFeatures();

    public static TheoryData<int> FragmentIndexes() => new(Enumerable.Range(0, MarkdownCorpus.Fragments.Length));

    [Theory]
    [MemberData(nameof(FragmentIndexes))]
    public void Complete_EachFragment_SplitAtEveryPosition_EqualsFullRender(int index)
    {
        var text = MarkdownCorpus.Fragments[index] + "\n\nAfter.\n";
        var expected = ChatMarkdown.ToHtml(text);
        for (var cut = 0; cut <= text.Length; cut++)
        {
            AssertEquivalent(text, [cut], expected);
        }
    }

    [Fact]
    public void Complete_RandomDocuments_SplitAtEveryPosition_EqualsFullRender()
    {
        foreach (var text in MarkdownCorpus.RandomDocuments(120, seed: 20261126))
        {
            var expected = ChatMarkdown.ToHtml(text);
            for (var cut = 0; cut <= text.Length; cut++)
            {
                AssertEquivalent(text, [cut], expected);
            }
        }
    }

    [Fact]
    public void Complete_RandomDocuments_StreamedCharacterByCharacter_EqualsFullRender()
    {
        foreach (var text in MarkdownCorpus.RandomDocuments(200, seed: 7))
        {
            AssertEquivalent(text, Enumerable.Range(1, text.Length));
        }
    }

    [Fact]
    public void Complete_LongAnswers_StreamedInRandomChunks_EqualsFullRender()
    {
        var random = new Random(42);
        foreach (var text in MarkdownCorpus.LongAnswers())
        {
            for (var run = 0; run < 5; run++)
            {
                var cuts = new List<int>();
                for (var at = random.Next(1, 60); at < text.Length; at += random.Next(1, 60))
                {
                    cuts.Add(at);
                }
                AssertEquivalent(text, cuts);
            }
        }
    }

    [Fact]
    public void Render_LongAnswersCharacterByCharacter_NoFrameShowsAMarkerTheFinishedTextDoesNot()
    {
        const string markers = "*_~`";
        foreach (var text in MarkdownCorpus.LongAnswers())
        {
            var final = MarkerCounts(ChatMarkdown.ToHtml(text), markers);
            var renderer = new IncrementalMarkdownRenderer();
            // A finished block is kept as the same object, so its counts are read once, not again in every frame
            // (reading the whole document per character made this test take minutes on a busy host).
            var finishedCounts = new Dictionary<MarkdownBlock, int[]>(ReferenceEqualityComparer.Instance);
            for (var at = 0; at < text.Length; at++)
            {
                renderer.Append(text[at].ToString());
                var frame = new int[markers.Length];
                foreach (var block in renderer.Render())
                {
                    var counts = block.IsFinished
                        ? finishedCounts.TryGetValue(block, out var known) ? known : finishedCounts[block] = MarkerCounts(block.Html, markers)
                        : MarkerCounts(block.Html, markers);
                    for (var m = 0; m < markers.Length; m++) frame[m] += counts[m];
                }
                for (var m = 0; m < markers.Length; m++)
                {
                    if (frame[m] > final[m])
                    {
                        Assert.Fail($"after «…{text[Math.Max(0, at - 40)..(at + 1)]}» a frame shows a raw '{markers[m]}'");
                    }
                }
            }
        }
    }

    /// <summary>How often each marker shows in the visible text of <paramref name="html"/> (no tag spans two blocks).</summary>
    private static int[] MarkerCounts(string html, string markers)
    {
        var visible = VisibleText(html);
        return markers.Select(marker => visible.Count(c => c == marker)).ToArray();
    }

    private static string VisibleText(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html, ""));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [Fact]
    public void Render_ParagraphFollowedByBlankLine_IsFinishedAsSoonAsTheNextBlockStarts()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("First paragraph.\n\n");
        Assert.False(Assert.Single(renderer.Render()).IsFinished); // nothing after it yet: it keeps the cursor

        // A one-line paragraph is usually the whole next block: the first must not wait for its line to end.
        renderer.Append("Second");
        var blocks = renderer.Render();
        Assert.Equal(2, blocks.Count);
        Assert.True(blocks[0].IsFinished);
        Assert.Equal("<p>First paragraph.</p>\n", blocks[0].Html);
        var first = blocks[0];

        renderer.Append(" paragraph, still streaming");
        Assert.Same(first, renderer.Render()[0]);
    }

    [Theory]
    [InlineData("## Heading\nNext", "<h2>Heading</h2>\n")]
    [InlineData("***\nNext", "<hr />\n")]
    [InlineData("> quoted\n\nNext", "<blockquote>\n<p>quoted</p>\n</blockquote>\n")]
    [InlineData("| a | b |\n|---|---|\n| 1 | 2 |\n\nNext", null)]
    [InlineData("- one\n- two\n\nAfter the list", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n")]
    public void Render_BlockThatCannotChangeAnyMore_IsFinishedBeforeTheNextLineEnds(string text, string? html)
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append(text);

        var blocks = renderer.Render();

        Assert.Equal(2, blocks.Count);
        Assert.True(blocks[0].IsFinished);
        if (html is not null)
        {
            Assert.Equal(html, blocks[0].Html);
        }
    }

    [Fact]
    public void Render_ClosedFence_IsFinishedWhileTheParagraphAfterItStreams()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("```csharp\nvar x = 1;\n```\nAfter the code");

        var blocks = renderer.Render();

        Assert.Equal(2, blocks.Count);
        Assert.True(blocks[0].IsFinished);
        Assert.Contains("data-state=\"closed\"", blocks[0].Html);
    }

    [Theory]
    [InlineData("Paragraph\n-")]          // may be a setext underline
    [InlineData("Paragraph\n| --")]       // may be a table's delimiter row
    [InlineData("- item\n\n- it")]       // a later item makes the list loose
    [InlineData("- item\n\n  more")]     // an indented line continues the item
    [InlineData("1. item\n\n2")]         // may become the next item
    public void Render_BlockTheNextLineMayStillChange_WaitsForThatLine(string text)
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append(text);

        Assert.DoesNotContain(renderer.Render(), b => b.IsFinished);
    }

    [Fact]
    public void Render_SetextUnderline_NeverSplitsTheHeadingFromItsText()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("Title\n");
        renderer.Render();
        renderer.Append("---\n");
        var blocks = renderer.Render();

        Assert.Equal("<h2>Title</h2>\n", Assert.Single(blocks).Html);
    }

    [Fact]
    public void Render_LazyContinuationLine_StaysInTheQuote()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("> quoted\n");
        renderer.Render();
        renderer.Append("lazy line\n");

        var block = Assert.Single(renderer.Render());
        Assert.StartsWith("<blockquote>", block.Html);
        Assert.Contains("lazy line", block.Html);
    }

    [Fact]
    public void Render_LooseListAcrossABlankLine_IsOneList()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("- a\n\n");
        renderer.Render();
        renderer.Append("- b\n\nNext.\n");

        var blocks = renderer.Render();
        Assert.Equal(2, blocks.Count);
        Assert.Equal("<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n", blocks[0].Html);
    }

    [Fact]
    public void Render_OpenFenceWithBlankLines_StaysOneOpenBlock()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("```python\nx = 1\n\n\ny = 2\n\nNot a paragraph\n");

        var block = Assert.Single(renderer.Render());
        Assert.False(block.IsFinished);
        Assert.Contains("data-state=\"open\"", block.Html);
    }

    [Fact]
    public void Render_FinishedBlock_KeepsItsIdAndHtmlInstance()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("One.\n\nTwo.\n");
        var first = renderer.Render()[0];

        for (var i = 0; i < 20; i++)
        {
            renderer.Append($"More text {i}.\n\n");
            Assert.Same(first, renderer.Render()[0]);
        }
        Assert.Same(first, renderer.Complete()[0]);
    }

    [Fact]
    public void Render_OpenBlockBecomingFinished_KeepsItsId()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("Growing paragraph");
        var openId = Assert.Single(renderer.Render()).Id;

        renderer.Append(".\n\nNext\n");
        var blocks = renderer.Render();

        Assert.Equal(openId, blocks[0].Id);
        Assert.True(blocks[0].IsFinished);
        Assert.NotEqual(openId, blocks[1].Id);
    }

    [Fact]
    public void Render_LongAnswer_ReparsesOnlyTheOpenTail()
    {
        var text = ChatApp.Providers.Simulated.SimulatedAnswers.Long();
        var renderer = new IncrementalMarkdownRenderer();
        var maxTail = 0;
        for (var at = 0; at < text.Length; at += 40)
        {
            renderer.Append(text.Substring(at, Math.Min(40, text.Length - at)));
            renderer.Render();
            maxTail = Math.Max(maxTail, renderer.LastTailLength);
        }

        Assert.True(text.Length > 14_000);
        Assert.True(maxTail < 1_000, $"a frame re-parsed {maxTail} characters");
    }

    [Fact]
    public void Render_OpenTable_ShowsAPlaceholderWithItsHeaders_ThenTheWholeTable()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("| Name | Size |\n| --- | --- |\n| a | 1 |\n");

        var open = Assert.Single(renderer.Render());
        Assert.Contains("table-placeholder", open.Html);
        Assert.Contains("<span>Name</span><span>Size</span>", open.Html);
        Assert.DoesNotContain("<table", open.Html);
        Assert.Contains("table…", open.Html);

        renderer.Append("| b | 2 |\n\nDone.\n");
        var table = renderer.Render()[0];
        Assert.True(table.IsFinished);
        Assert.Contains("<td>b</td>", table.Html);
    }

    [Fact]
    public void Render_TableHeaderBeforeItsDelimiterRow_AlreadyAPlaceholder()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append("Intro.\n\n| Name | Si");

        var html = Concat(renderer.Render());

        Assert.DoesNotContain("| Name", html);
        Assert.Contains("table-placeholder", html);
    }

    [Fact]
    public void Complete_WithReferenceDefinitionAfterItsUse_LinksResolve()
    {
        var renderer = Stream("See [docs].\n\nMore.\n\n[docs]: https://example.com\n", [5, 20, 30]);

        Assert.Contains("<a href=\"https://example.com\"", Concat(renderer.Blocks));
    }

    [Fact]
    public void Append_AfterComplete_Throws()
    {
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Complete();

        Assert.Throws<InvalidOperationException>(() => renderer.Append("x"));
    }
}
