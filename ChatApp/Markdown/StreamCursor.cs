namespace ChatApp.Markdown;

/// <summary>
/// Places the streaming cursor right after the last character of rendered HTML: inside the innermost
/// last element (the paragraph, list item, table cell or code line), not on a new line below it.
/// </summary>
public static class StreamCursor
{
    public const string Html = "<span class=\"stream-cursor\" data-testid=\"stream-cursor\" aria-hidden=\"true\"></span>";

    public static string AppendTo(string html)
    {
        var insertAt = html.Length;
        while (true)
        {
            // Trailing line ends (Markdig ends every line and block with one) would put the cursor on a new line.
            while (insertAt > 0 && char.IsWhiteSpace(html[insertAt - 1]))
            {
                insertAt--;
            }
            if (insertAt == 0 || html[insertAt - 1] != '>')
            {
                break;
            }
            var open = html.LastIndexOf('<', insertAt - 1);
            if (open < 0 || open + 1 >= insertAt || html[open + 1] != '/')
            {
                break; // an opening or void tag (<hr />, <img>): the cursor goes after it
            }
            insertAt = open; // step inside the closing tag: "</code></pre></div>" → before "</code>"
        }
        return string.Concat(html.AsSpan(0, insertAt), Html, html.AsSpan(insertAt));
    }

    /// <summary>
    /// The same place in a token list: the index the cursor goes before (stepping into closing elements and past
    /// whitespace-only text). When the token before it is text ending in whitespace (a code block's last line end),
    /// the cursor goes before that whitespace.
    /// </summary>
    public static int IndexIn(IReadOnlyList<HtmlToken> tokens)
    {
        var at = tokens.Count;
        while (at > 0 && (tokens[at - 1].Kind == HtmlTokenKind.Close || (tokens[at - 1].Kind == HtmlTokenKind.Text && string.IsNullOrWhiteSpace(tokens[at - 1].Value))))
        {
            at--;
        }
        return at;
    }
}
