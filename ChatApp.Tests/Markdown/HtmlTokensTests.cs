using AngleSharp.Html.Parser;
using ChatApp.Markdown;
using System.Net;
using System.Text;

namespace ChatApp.Tests.Markdown;

public sealed class HtmlTokensTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void EveryBlockOfEveryFrame_ReadsIntoTokensThatMakeUpTheSameDocument()
    {
        var blocks = 0;
        foreach (var text in MarkdownCorpus.RandomDocuments(120, seed: 5).Concat(MarkdownCorpus.LongAnswers()))
        {
            var renderer = new IncrementalMarkdownRenderer();
            for (var at = 0; at < text.Length; at += 9)
            {
                renderer.Append(text.Substring(at, Math.Min(9, text.Length - at)));
                foreach (var block in renderer.Render().Where(b => !b.IsFinished))
                {
                    Assert.True(HtmlTokens.TryRead(block.Html, out var tokens), $"refused: {block.Html}");
                    Assert.Equal(Normalized(block.Html), Normalized(Write(tokens)));
                    blocks++;
                }
            }
            foreach (var block in renderer.Complete())
            {
                Assert.True(HtmlTokens.TryRead(block.Html, out var tokens), $"refused: {block.Html}");
                Assert.Equal(Normalized(block.Html), Normalized(Write(tokens)));
            }
        }
        Assert.True(blocks > 1000, $"only {blocks} open blocks were read");
    }

    [Fact]
    public void HighlightedCode_ReadsWithItsSpans()
    {
        var html = ChatMarkdown.ToHtml("```csharp\nvar x = \"<a>\" + 1; // note\n```\n");

        Assert.True(HtmlTokens.TryRead(html, out var tokens));
        Assert.Contains(tokens, t => t is { Kind: HtmlTokenKind.Open, Value: "span" });
        Assert.Contains(tokens, t => t.Kind == HtmlTokenKind.Text && t.Value.Contains("\"<a>\""));
    }

    [Fact]
    public void VoidElements_OpenWithoutAClose()
    {
        Assert.True(HtmlTokens.TryRead("<p>a<br />b</p><hr><p><input type=\"checkbox\" disabled checked=\"\" /></p>", out var tokens));

        var br = tokens.Single(t => t.Value == "br");
        Assert.True(br.IsVoid);
        Assert.DoesNotContain(tokens, t => t.Kind == HtmlTokenKind.Close && t.Value is "br" or "hr" or "input");
        var input = tokens.Single(t => t.Value == "input");
        Assert.Equal(["type=checkbox", "disabled=", "checked="], input.Attributes.Select(a => $"{a.Key}={a.Value}"));
    }

    [Fact]
    public void EntitiesInTextAndAttributes_AreDecoded()
    {
        Assert.True(HtmlTokens.TryRead("<a href=\"/x?a=1&amp;b=2\" title='&quot;t&quot;'>1 &lt; 2 &amp;&#39;</a>", out var tokens));

        Assert.Equal("/x?a=1&b=2", tokens[0].Attributes[0].Value);
        Assert.Equal("\"t\"", tokens[0].Attributes[1].Value);
        Assert.Equal("1 < 2 &'", tokens[1].Value);
    }

    [Theory]
    [InlineData("<p>unclosed")]
    [InlineData("<p>a</em></p>")]
    [InlineData("</p>")]
    [InlineData("<!-- comment --><p>a</p>")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("<p>a < b</p>")]
    [InlineData("<p attr=\"unterminated>a</p>")]
    [InlineData("<div/>")]
    public void HtmlOutsideTheSimpleShape_IsRefused(string html)
    {
        Assert.False(HtmlTokens.TryRead(html, out var tokens));
        Assert.Empty(tokens);
    }

    [Fact]
    public void NestingDeeperThanTheLimit_IsRefused()
    {
        var deep = string.Concat(Enumerable.Repeat("<blockquote>", HtmlTokens.MaxDepth + 1)) + "x" +
                   string.Concat(Enumerable.Repeat("</blockquote>", HtmlTokens.MaxDepth + 1));

        Assert.False(HtmlTokens.TryRead(deep, out _));
    }

    /// <summary>Writes tokens back as HTML (the way a browser would serialize the DOM built from them).</summary>
    internal static string Write(IReadOnlyList<HtmlToken> tokens)
    {
        var html = new StringBuilder();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case HtmlTokenKind.Open:
                    html.Append('<').Append(token.Value);
                    foreach (var (name, value) in token.Attributes)
                    {
                        html.Append(' ').Append(name).Append("=\"").Append(WebUtility.HtmlEncode(value)).Append('"');
                    }
                    html.Append(token.IsVoid ? " />" : ">");
                    break;
                case HtmlTokenKind.Close:
                    html.Append("</").Append(token.Value).Append('>');
                    break;
                default:
                    html.Append(WebUtility.HtmlEncode(token.Value));
                    break;
            }
        }
        return html.ToString();
    }

    private static string Normalized(string html) => Parser.ParseDocument($"<body>{html}</body>").Body!.InnerHtml;
}
