using System.Text.RegularExpressions;
using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

/// <summary>
/// Model output is untrusted. Every vector is streamed through the incremental renderer split at every
/// position, and no frame (nor the final render) may contain active content: only known tags, only
/// inert attributes, and href/src only with http, https, mailto or a relative URL.
/// </summary>
public sealed partial class XssCorpusTests
{
    public static readonly string[] Vectors =
    [
        "<script>alert(1)</script>",
        "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<img src=\"x\" onerror=\"alert(1)\" />",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<body onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<math><mtext><script>alert(1)</script></mtext></math>",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "<video><source onerror=alert(1)></video>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<base href=\"javascript:alert(1)//\">",
        "[x](javascript:alert(1))",
        "[x](JavaScript:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](<javascript:alert(1)>)",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](java\u0000script:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](VBScript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](data:text/html,<script>alert(1)</script>)",
        "[x](file:///etc/passwd)",
        "[x]: javascript:alert(1)\n\n[x]",
        "[x][ref]\n\n[ref]: vbscript:msgbox(1)",
        "![x](javascript:alert(1))",
        "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "![x](vbscript:msgbox(1))",
        "![x\" onerror=\"alert(1)](https://example.com/a.png)",
        "![x](https://example.com/a.png\" onerror=\"alert(1))",
        "[x](https://example.com\" onclick=\"alert(1))",
        "[x](https://example.com 'title\" onmouseover=\"alert(1)')",
        "<javascript:alert(1)>",
        "<vbscript:msgbox(1)>",
        "<data:text/html,alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "`<script>alert(1)</script>`",
        "```html\n<script>alert(1)</script>\n```",
        "```\"><script>alert(1)</script>\nx\n```",
        "```js onload=alert(1)\nx\n```",
        "| a |\n| - |\n| <img src=x onerror=alert(1)> |",
        "> <script>alert(1)</script>",
        "- [x](javascript:alert(1))",
        "**<img src=x onerror=alert(1)>**",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "<a href=\"https://example.com\" onclick=\"alert(1)\">x</a>",
        "Text {onclick=\"alert(1)\"}",
        "# Heading {#x onclick=alert(1)}",
        "[x](https://example.com){onclick=alert(1)}",
    ];

    private static readonly HashSet<string> AllowedTags =
    [
        "p", "a", "img", "em", "strong", "del", "code", "pre", "br", "hr", "ul", "ol", "li", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "table", "thead", "tbody", "tr", "th", "td", "input", "div", "span",
        "button", "sup", "sub", "section", "dl", "dt", "dd", "col", "colgroup",
    ];

    private static readonly HashSet<string> AllowedAttributes =
    [
        "class", "href", "src", "alt", "title", "target", "rel", "type", "disabled", "checked", "start",
        "aria-label", "aria-hidden", "role", "id", "style", "tabindex",
    ];

    public static TheoryData<int> VectorIndexes() => new(Enumerable.Range(0, Vectors.Length));

    [Fact]
    public void Corpus_HasAtLeastFiftyVectors() => Assert.True(Vectors.Length >= 50);

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Vector_StreamedSplitAtEveryPosition_NeverProducesActiveContent(int index)
    {
        var text = "Before.\n\n" + Vectors[index] + "\n\nAfter.";
        AssertInert(ChatMarkdown.ToHtml(text), text);
        for (var cut = 1; cut < text.Length; cut++)
        {
            var renderer = new IncrementalMarkdownRenderer();
            renderer.Append(text[..cut]);
            AssertInert(string.Concat(renderer.Render().Select(b => b.Html)), text[..cut]);
            renderer.Append(text[cut..]);
            AssertInert(string.Concat(renderer.Render().Select(b => b.Html)), text);
            AssertInert(string.Concat(renderer.Complete().Select(b => b.Html)), text);
        }
    }

    private static void AssertInert(string html, string input)
    {
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value.ToLowerInvariant();
            Assert.True(AllowedTags.Contains(name), $"tag <{name}> rendered from «{input}»:\n{html}");
            foreach (Match attribute in Attribute().Matches(tag.Groups["attributes"].Value))
            {
                var attributeName = attribute.Groups["name"].Value.ToLowerInvariant();
                var value = System.Net.WebUtility.HtmlDecode(attribute.Groups["value"].Value);
                Assert.True(AllowedAttributes.Contains(attributeName) || attributeName.StartsWith("data-", StringComparison.Ordinal),
                    $"attribute {attributeName} rendered from «{input}»:\n{html}");
                if (attributeName is "href" or "src")
                {
                    Assert.True(SafeUrl.IsAllowed(value), $"{attributeName}=\"{value}\" rendered from «{input}»");
                    Assert.DoesNotMatch(DangerousScheme(), value);
                }
                if (attributeName == "style")
                {
                    Assert.DoesNotContain("url(", value, StringComparison.OrdinalIgnoreCase);
                }
            }
        }
    }

    [GeneratedRegex(@"<(?<name>[a-zA-Z][a-zA-Z0-9]*)(?<attributes>[^>]*)>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"(?<name>[a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:""(?<value>[^""]*)""|'(?<value>[^']*)'|(?<value>[^\s>]+)))?")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"^\s*(javascript|vbscript|data|file):", RegexOptions.IgnoreCase)]
    private static partial Regex DangerousScheme();
}
