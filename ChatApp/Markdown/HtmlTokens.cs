using System.Net;

namespace ChatApp.Markdown;

/// <summary>What an <see cref="HtmlToken"/> is.</summary>
public enum HtmlTokenKind
{
    /// <summary>An element starts (a void element, e.g. <c>br</c>, also ends here: no <see cref="Close"/> follows).</summary>
    Open,
    Text,
    Close,
}

/// <summary>One piece of an HTML fragment read by <see cref="HtmlTokens"/>.</summary>
/// <param name="Value">The tag name (as written) or the decoded text.</param>
/// <param name="Attributes">An element's attributes, decoded, in document order (empty for text and closes).</param>
public readonly record struct HtmlToken(HtmlTokenKind Kind, string Value, IReadOnlyList<KeyValuePair<string, string>> Attributes, bool IsVoid = false);

/// <summary>
/// Reads the HTML Markdig writes for a block (well-formed, our own pipeline's output) into a flat token list, so
/// the open block can be built as elements and text rather than one markup string: then a frame that appends to
/// it adds nodes instead of re-creating the block. Anything outside that shape (a comment, a raw-text element, an
/// unbalanced tag) is refused, and the caller falls back to markup.
/// </summary>
public static class HtmlTokens
{
    /// <summary>Deeper nesting than this is refused (the builder keeps one counter per level).</summary>
    public const int MaxDepth = 64;

    private static readonly HashSet<string> VoidElements =
        new(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"], StringComparer.OrdinalIgnoreCase);

    private static readonly HashSet<string> Refused =
        new(["script", "style", "textarea", "title", "iframe", "noscript", "template", "math"], StringComparer.OrdinalIgnoreCase);

    private static readonly KeyValuePair<string, string>[] NoAttributes = [];

    /// <summary>Reads <paramref name="html"/>; false (and no tokens) when it is not the simple, balanced HTML this handles.</summary>
    public static bool TryRead(string html, out List<HtmlToken> tokens)
    {
        tokens = new List<HtmlToken>(16);
        var open = new Stack<string>();
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            var textEnd = lt < 0 ? html.Length : lt;
            if (textEnd > i)
            {
                tokens.Add(new HtmlToken(HtmlTokenKind.Text, Decode(html[i..textEnd]), NoAttributes));
            }
            if (lt < 0)
            {
                break;
            }
            var gt = html.IndexOf('>', lt);
            if (gt < 0 || lt + 1 >= html.Length)
            {
                return Fail(tokens);
            }
            if (html[lt + 1] == '/')
            {
                var name = html[(lt + 2)..gt].Trim();
                if (open.Count == 0 || open.Pop() != name)
                {
                    return Fail(tokens);
                }
                tokens.Add(new HtmlToken(HtmlTokenKind.Close, name, NoAttributes));
                i = gt + 1;
                continue;
            }
            if (!char.IsAsciiLetter(html[lt + 1]) || !TryReadTag(html, lt + 1, out var tag, out var attributes, out var selfClosing, out var end))
            {
                return Fail(tokens); // a comment, a doctype, a processing instruction or a stray "<"
            }
            if (Refused.Contains(tag))
            {
                return Fail(tokens);
            }
            var isVoid = VoidElements.Contains(tag);
            if (selfClosing && !isVoid)
            {
                return Fail(tokens);
            }
            tokens.Add(new HtmlToken(HtmlTokenKind.Open, tag, attributes, isVoid));
            if (!isVoid)
            {
                open.Push(tag);
                if (open.Count > MaxDepth)
                {
                    return Fail(tokens);
                }
            }
            i = end;
        }
        return open.Count == 0 || Fail(tokens);
    }

    private static bool Fail(List<HtmlToken> tokens)
    {
        tokens.Clear();
        return false;
    }

    // From just after "<" to just after ">": the name, then name="value" / name='value' / name=value / name.
    private static bool TryReadTag(string html, int start, out string tag, out IReadOnlyList<KeyValuePair<string, string>> attributes,
        out bool selfClosing, out int end)
    {
        var i = start;
        while (i < html.Length && (char.IsAsciiLetterOrDigit(html[i]) || html[i] == '-'))
        {
            i++;
        }
        tag = html[start..i];
        attributes = NoAttributes;
        selfClosing = false;
        end = 0;
        List<KeyValuePair<string, string>>? list = null;
        while (true)
        {
            while (i < html.Length && char.IsWhiteSpace(html[i]))
            {
                i++;
            }
            if (i >= html.Length)
            {
                return false;
            }
            if (html[i] == '>')
            {
                end = i + 1;
                break;
            }
            if (html[i] == '/' && i + 1 < html.Length && html[i + 1] == '>')
            {
                selfClosing = true;
                end = i + 2;
                break;
            }
            var nameStart = i;
            while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] is not ('=' or '>' or '/' or '"' or '\'' or '<'))
            {
                i++;
            }
            if (i == nameStart)
            {
                return false;
            }
            var name = html[nameStart..i]; // as written: SVG's names are case-sensitive (viewBox)
            var value = "";
            if (i < html.Length && html[i] == '=')
            {
                i++;
                if (i >= html.Length)
                {
                    return false;
                }
                if (html[i] is '"' or '\'')
                {
                    var close = html.IndexOf(html[i], i + 1);
                    if (close < 0)
                    {
                        return false;
                    }
                    value = Decode(html[(i + 1)..close]);
                    i = close + 1;
                }
                else
                {
                    var valueStart = i;
                    while (i < html.Length && !char.IsWhiteSpace(html[i]) && html[i] != '>')
                    {
                        i++;
                    }
                    value = Decode(html[valueStart..i]);
                }
            }
            (list ??= []).Add(new(name, value));
        }
        if (list is not null)
        {
            attributes = list;
        }
        return tag.Length > 0;
    }

    private static string Decode(string text) => text.Contains('&') ? WebUtility.HtmlDecode(text) : text;
}
