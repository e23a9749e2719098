using System.Net;
using System.Text.RegularExpressions;

namespace ChatApp.Markdown;

/// <summary>
/// A rendered list split into its element and its top-level items, so a view can render each item as its
/// own piece of markup: Blazor leaves an item whose markup did not change alone, and the items already
/// read keep their DOM nodes (and a selection in them) while the last one grows. The HTML comes from
/// Markdig with raw HTML disabled, so every <c>&lt;li</c> in it is a tag (text is escaped).
/// </summary>
/// <param name="Tag"><c>ul</c> or <c>ol</c>.</param>
/// <param name="Attributes">The list element's attributes (<c>start</c>, <c>class</c>), decoded.</param>
/// <param name="Items">Each top-level <c>&lt;li&gt;…&lt;/li&gt;</c>, nested lists included.</param>
public sealed partial record ListMarkup(string Tag, IReadOnlyList<KeyValuePair<string, object>> Attributes, IReadOnlyList<string> Items)
{
    /// <summary>The parts of <paramref name="html"/> when it is exactly one list; otherwise null.</summary>
    public static ListMarkup? TrySplit(string html)
    {
        var text = html.AsSpan().TrimEnd();
        if (text.Length < 10 || text[0] != '<' || !(text[1..].StartsWith("ul") || text[1..].StartsWith("ol")) || text[3] is not ('>' or ' '))
        {
            return null;
        }
        var tag = text[1..3].ToString();
        var openEnd = text.IndexOf('>');
        var closing = $"</{tag}>";
        if (!text.EndsWith(closing, StringComparison.Ordinal))
        {
            return null;
        }
        var inner = text[(openEnd + 1)..^closing.Length];
        var items = new List<string>();
        var depth = 0;
        var itemStart = -1;
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '<')
            {
                if (depth == 0 && !char.IsWhiteSpace(inner[i]))
                {
                    return null; // text outside any item: not one list
                }
                continue;
            }
            var rest = inner[i..];
            if (rest.StartsWith("<li>") || rest.StartsWith("<li "))
            {
                if (depth++ == 0)
                {
                    itemStart = i;
                }
            }
            else if (rest.StartsWith("</li>"))
            {
                if (--depth == 0)
                {
                    items.Add(inner[itemStart..(i + 5)].ToString());
                }
                else if (depth < 0)
                {
                    return null;
                }
            }
            else if (depth == 0)
            {
                return null; // another element between items (the list closed and something else began)
            }
            i = inner[i..].IndexOf('>') is var end and >= 0 ? i + end : inner.Length; // past the tag
        }
        if (depth != 0 || items.Count == 0)
        {
            return null;
        }
        var attributes = Attribute().Matches(text[3..openEnd].ToString())
            .Select(m => new KeyValuePair<string, object>(m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .ToList();
        return new ListMarkup(tag, attributes, items);
    }

    [GeneratedRegex("([a-zA-Z][a-zA-Z0-9-]*)=\"([^\"]*)\"")]
    private static partial Regex Attribute();
}
