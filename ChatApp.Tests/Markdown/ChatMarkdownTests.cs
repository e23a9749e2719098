using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class ChatMarkdownTests
{
    private static string CodeOf(string html) => html[html.IndexOf("<code", StringComparison.Ordinal)..html.IndexOf("</code>", StringComparison.Ordinal)];

    [Fact]
    public void ToHtml_UnclosedFence_IsAnOpenPlainEscapedCodeBlock()
    {
        var html = ChatMarkdown.ToHtml("Intro\n\n```csharp\nvar x = \"<b>\";\n");

        Assert.Contains("data-testid=\"code-block\" data-language=\"csharp\" data-state=\"open\"", html);
        Assert.Contains("var x = &quot;&lt;b&gt;&quot;;", html);
        Assert.DoesNotContain("<span", CodeOf(html));
        Assert.DoesNotContain("copy-code", html);
    }

    [Fact]
    public void StreamedFence_ItsLanguageLabelNeverShowsAPartialOrWrongName()
    {
        const string text = "```csharp\nvar x = 1;\n```\n";
        var labels = new HashSet<string>();
        for (var length = 3; length <= text.Length; length++)
        {
            var html = ChatMarkdown.ToHtml(text[..length]);
            var start = html.IndexOf("code-block-language\">", StringComparison.Ordinal) + "code-block-language\">".Length;
            labels.Add(html[start..html.IndexOf("</span>", start, StringComparison.Ordinal)]);
        }

        Assert.Equal(["&#160;", "csharp"], labels.Order());
    }

    [Fact]
    public void ToHtml_ClosedFence_IsHighlightedWithACopyButton()
    {
        var html = ChatMarkdown.ToHtml("```csharp\nvar x = 42;\n```\n");

        Assert.Contains("data-state=\"closed\"", html);
        Assert.Contains("<span class=\"keyword\">var</span>", html);
        Assert.Contains("data-testid=\"copy-code\"", html);
    }

    [Fact]
    public void ToHtml_ClosedFenceOfUnknownLanguage_StaysPlainAndEscaped()
    {
        var html = ChatMarkdown.ToHtml("```bash\necho <hi>\n```\n");

        Assert.Contains("data-language=\"bash\" data-state=\"closed\"", html);
        Assert.Contains("echo &lt;hi&gt;", html);
        Assert.DoesNotContain("<span", CodeOf(html));
    }

    [Fact]
    public void ToHtml_OpenAndClosedBlock_ShareTheSameBox()
    {
        var open = ChatMarkdown.ToHtml("```python\nx = 1\n");
        var closed = ChatMarkdown.ToHtml("```python\nx = 1\n```");

        static string Box(string html) => html[..html.IndexOf("<code", StringComparison.Ordinal)]
            .Replace("data-state=\"open\"", "").Replace("data-state=\"closed\"", "")
            .Replace("<button type=\"button\" class=\"code-block-copy\" data-testid=\"copy-code\" aria-label=\"Copy code\">Copy</button>", "");
        Assert.Equal(Box(open), Box(closed));
    }

    [Fact]
    public void ToHtml_RawHtml_IsShownAsText()
    {
        var html = ChatMarkdown.ToHtml("Hi <script>alert(1)</script> <img src=x onerror=alert(1)>");

        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<img", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JAVASCRIPT:alert(1))")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD4=)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![pic](javascript:alert(1))")]
    public void ToHtml_UnsafeUrlScheme_NeverBecomesActive(string markdown)
    {
        var html = ChatMarkdown.ToHtml(markdown);

        Assert.DoesNotContain("href=", html);
        Assert.DoesNotContain("src=", html);
    }

    [Theory]
    [InlineData("[site](https://example.com)", "href=\"https://example.com\"")]
    [InlineData("[mail](mailto:a@example.com)", "href=\"mailto:a@example.com\"")]
    [InlineData("![chart](/demo/chart.svg)", "src=\"/demo/chart.svg\"")]
    public void ToHtml_SafeUrl_StaysActive(string markdown, string expected)
    {
        Assert.Contains(expected, ChatMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void ToHtml_Link_OpensInANewTab()
    {
        var html = ChatMarkdown.ToHtml("[site](https://example.com)");

        Assert.Contains("target=\"_blank\"", html);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html);
    }

    [Fact]
    public void ToHtml_PipeTable_RendersATable()
    {
        Assert.Contains("<table>", ChatMarkdown.ToHtml("| a | b |\n| --- | --- |\n| 1 | 2 |\n"));
    }
}
