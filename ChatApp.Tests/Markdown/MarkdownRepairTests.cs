using System.Net;
using System.Text.RegularExpressions;
using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

/// <summary>
/// The incomplete-markdown cases of ../shared/markdown-repair-cases.md (after Streamdown's remend),
/// adapted to Markdig's CommonMark behaviour: one row per case, then every case streamed at every split.
/// </summary>
public sealed partial class MarkdownRepairTests
{
    public static TheoryData<string, string, string> Cases() => new()
    {
        // #1 a single ~ is literal in our pipeline (strikethrough needs ~~): nothing to repair
        { "1 single tilde", "20~25", "20~25" },
        // #2 CommonMark makes "- > 25" a quote in the finished text too: repairing would flip at the end
        { "2 quote in list (left alone)", "- > 25", "- > 25" },
        // #3 raw HTML is shown as text, complete or not: nothing to hide
        { "3 html-looking tag (left alone)", "text <custom", "text <custom" },
        { "4 setext dash", "Item\n-", "Item" },
        { "4 setext double dash", "Item\n--", "Item" },
        { "4 setext equals", "Item\n=", "Item" },
        { "4 setext double equals", "Item\n==", "Item" },
        { "5 link url unfinished", "[t](https://exa", "t" },
        { "5 link text unfinished", "See [the do", "See the do" },
        { "5 image url unfinished", "Look: ![alt](ur", "Look: " },
        { "5 image alt unfinished", "Look: ![al", "Look: " },
        { "5 bracketed text (may become a link)", "Ref [1]", "Ref 1" },
        { "6 bold italic", "***x", "***x***" },
        { "7 bold", "**x", "**x**" },
        { "7 half-written closer", "**x*", "**x**" },
        { "8 bold underscore", "__x", "__x__" },
        { "8 italic star", "*x", "*x*" },
        { "8 italic underscore", "_x", "_x_" },
        { "8 intraword star (left alone)", "a*b", "a*b" },
        { "8 snake_case (left alone)", "snake_case", "snake_case" },
        { "8 escaped star (left alone)", "\\*x", "\\*x" },
        { "8 list marker (left alone)", "* item", "* item" },
        { "9 inline code", "`x", "`x`" },
        { "9 inline code double backtick", "``x ` y", "``x ` y``" },
        { "10 strikethrough", "~~x", "~~x~~" },
        // #11, #12: math is not enabled in this pipeline, so $ is literal text
        { "11 block math (not enabled)", "$$E=mc^2", "$$E=mc^2" },
        { "12 inline math (not enabled)", "costs $5", "costs $5" },
        { "order: bold around code", "**bold `code", "**bold `code`**" },
        { "order: strike around bold", "~~**x", "~~**x**~~" },
        { "trailing space trimmed", "**x ", "**x**" },
        { "lone marker at end hidden", "Hello **", "Hello " },
        { "lone star at end hidden", "Hello *", "Hello " },
        { "thematic break (left alone)", "***", "***" },
        { "inside a fence (left alone)", "```\n**x", "```\n**x" },
        { "inside closed code span (left alone)", "`**x`", "`**x`" },
        { "markers inside open code span", "`a **b", "`a **b`" },
        { "only the last paragraph", "**a\n\nb", "**a\n\nb" },
        { "nested blockquote", "> **x", "> **x**" },
        { "task list item", "- [ ] **todo", "- [ ] **todo**" },
        { "link url markers untouched", "[a](https://x.com/a_b_c) and *y", "[a](https://x.com/a_b_c) and *y*" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Repair_Case(string name, string input, string expected)
    {
        Assert.True(expected == MarkdownRepair.Repair(input), $"{name}: expected «{expected}», got «{MarkdownRepair.Repair(input)}»");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Streaming_Case_NoFrameShowsAMarkerTheFinishedTextDoesNot_AndTheFinalFrameIsThePlainRender(string name, string input, string expected)
    {
        _ = expected;
        var text = "Intro paragraph.\n\n" + FinishedForm(input);
        var final = VisibleText(ChatMarkdown.ToHtml(text));
        for (var cut = 1; cut <= text.Length; cut++)
        {
            var renderer = new IncrementalMarkdownRenderer();
            renderer.Append(text[..cut]);
            var frame = VisibleText(string.Concat(renderer.Render().Select(b => b.Html)));
            foreach (var marker in "*_~`[]!")
            {
                Assert.True(Count(frame, marker) <= Count(final, marker),
                    $"{name}: the frame for «{text[..cut]}» shows «{frame}» with more '{marker}' than the finished text «{final}»");
            }
            renderer.Append(text[cut..]);
            Assert.Equal(ChatMarkdown.ToHtml(text), string.Concat(renderer.Complete().Select(b => b.Html)));
        }
    }

    /// <summary>An answer that ends unfinished (stopped, failed, or a model that never closed its span) keeps its last frame.</summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void EndingUnfinished_Case_TheCompleteRenderIsTheLastStreamingFrame(string name, string input, string expected)
    {
        _ = expected;
        var text = "Intro paragraph.\n\n" + input;
        var renderer = new IncrementalMarkdownRenderer();
        renderer.Append(text);
        var lastFrame = string.Concat(renderer.Render().Select(b => b.Html));

        var ended = string.Concat(renderer.Complete().Select(b => b.Html));

        Assert.True(lastFrame == ended, $"{name}: streaming showed «{lastFrame}», the ended answer shows «{ended}»");
    }

    // The case's input with its spans finished the way a model would finish them.
    private static string FinishedForm(string input) => input switch
    {
        "Item\n-" or "Item\n--" or "Item\n=" or "Item\n==" => input + " next item",
        _ => MarkdownRepair.Repair(input) + " done.",
    };

    private static int Count(string text, char c) => text.Count(x => x == c);

    private static string VisibleText(string html) => WebUtility.HtmlDecode(Tags().Replace(html, ""));

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();
}
