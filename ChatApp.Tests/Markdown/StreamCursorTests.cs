using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class StreamCursorTests
{
    private const string Cursor = StreamCursor.Html;

    [Theory]
    [InlineData("<p>Hello</p>\n", "<p>Hello" + Cursor + "</p>\n")]
    [InlineData("<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n", "<ul>\n<li>one</li>\n<li>two" + Cursor + "</li>\n</ul>\n")]
    [InlineData("<pre tabindex=\"0\"><code>x = 1\n</code></pre>", "<pre tabindex=\"0\"><code>x = 1" + Cursor + "\n</code></pre>")]
    [InlineData("<p>a</p>\n<hr />\n", "<p>a</p>\n<hr />" + Cursor + "\n")]
    [InlineData("", Cursor)]
    public void AppendTo_PutsTheCursorAfterTheLastCharacter(string html, string expected)
    {
        Assert.Equal(expected, StreamCursor.AppendTo(html));
    }

    [Fact]
    public void AppendTo_OpenCodeBlock_CursorInsideTheCode()
    {
        var html = StreamCursor.AppendTo(ChatMarkdown.ToHtml("```csharp\nvar x"));

        Assert.Contains("var x" + Cursor + "\n</code>", html);
    }
}
