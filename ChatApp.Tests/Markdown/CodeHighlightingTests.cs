using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

/// <summary>Runs alone: it counts ColorCode calls, which other tests would add to.</summary>
[CollectionDefinition(nameof(CodeHighlightingTests), DisableParallelization = true)]
public sealed class CodeHighlightingCollection;

[Collection(nameof(CodeHighlightingTests))]
public sealed class CodeHighlightingTests
{
    [Fact]
    public void StreamingACodeBlock_NeverHighlightsWhileOpen_AndHighlightsOnceWhenClosed()
    {
        var code = $"```csharp\n// unique {Guid.NewGuid()}\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"var x{i} = {i};\n")) + "```\n\nAfter the code.\n\nAnd more.\n";
        var renderer = new IncrementalMarkdownRenderer();
        var before = CodeHighlighter.FormatterCalls;
        var closingFence = code.IndexOf("```\n\n", StringComparison.Ordinal);
        string? highlightedHtml = null;

        for (var at = 0; at < code.Length; at++)
        {
            renderer.Append(code[at].ToString());
            var html = string.Concat(renderer.Render().Select(b => b.Html));
            if (at < closingFence + 2)
            {
                Assert.Equal(before, CodeHighlighter.FormatterCalls);
                Assert.DoesNotContain("data-state=\"closed\"", html);
            }
            else if (html.Contains("data-state=\"closed\""))
            {
                highlightedHtml ??= html;
            }
        }
        renderer.Complete();

        Assert.Equal(before + 1, CodeHighlighter.FormatterCalls);
        Assert.Contains("<span class=\"keyword\">var</span>", highlightedHtml);
    }
}
