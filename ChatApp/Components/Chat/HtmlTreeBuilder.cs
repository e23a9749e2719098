using ChatApp.Markdown;
using Microsoft.AspNetCore.Components.Rendering;

namespace ChatApp.Components.Chat;

// Sequence numbers here are computed on purpose: the tree comes from data, not source order, and positions are
// what makes the diff match a frame's nodes to the last frame's (see below).
#pragma warning disable ASP0006

/// <summary>
/// Builds HTML tokens as Blazor elements and text instead of one markup string, so the renderer diffs the open
/// block node by node: a frame that appends text updates the last text run and adds runs and elements after it;
/// the block's element, and everything before the change, keeps its DOM node (a reader can select text in an
/// answer that is still streaming). Sequence numbers are sibling positions (they only grow along a sibling list,
/// which the diff matches pairwise); the cursor has one above any position, so text inserted before it never
/// re-creates it.
/// </summary>
public static class HtmlTreeBuilder
{
    private const int CursorSequence = 1 << 24;

    /// <param name="runs">This reader's runs from the last frame, so appended text becomes new nodes only.</param>
    public static void Build(RenderTreeBuilder builder, IReadOnlyList<HtmlToken> tokens, bool cursor, FrameTextRuns runs)
    {
        var cursorAt = cursor ? StreamCursor.IndexIn(tokens) : -1;
        Span<int> nextChild = stackalloc int[HtmlTokens.MaxDepth + 1];
        var depth = 0;
        nextChild[0] = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (i == cursorAt)
            {
                AddCursor(builder);
            }
            var token = tokens[i];
            switch (token.Kind)
            {
                case HtmlTokenKind.Open:
                    builder.OpenElement(nextChild[depth]++, token.Value);
                    for (var a = 0; a < token.Attributes.Count; a++)
                    {
                        builder.AddAttribute(a, token.Attributes[a].Key, token.Attributes[a].Value);
                    }
                    if (token.IsVoid)
                    {
                        builder.CloseElement();
                    }
                    else
                    {
                        nextChild[++depth] = 0;
                    }
                    break;
                case HtmlTokenKind.Close:
                    builder.CloseElement();
                    depth--;
                    break;
                default:
                    var text = token.Value;
                    // The cursor goes before a trailing line end (else it would sit alone on a new line).
                    var keep = i + 1 == cursorAt ? text.TrimEnd().Length : text.Length;
                    var shown = keep == text.Length ? text : text[..keep];
                    foreach (var (start, length) in runs.For(i, shown))
                    {
                        builder.AddContent(nextChild[depth]++, text.Substring(start, length));
                    }
                    if (keep < text.Length)
                    {
                        AddCursor(builder);
                        builder.AddContent(CursorSequence + 1, text[keep..]);
                        cursorAt = -1;
                    }
                    break;
            }
        }
        if (cursorAt == tokens.Count)
        {
            AddCursor(builder);
        }
        runs.EndFrame();
    }

    private static void AddCursor(RenderTreeBuilder builder)
    {
        builder.OpenElement(CursorSequence, "span");
        builder.AddAttribute(0, "class", "stream-cursor");
        builder.AddAttribute(1, "data-testid", "stream-cursor");
        builder.AddAttribute(2, "aria-hidden", "true");
        builder.CloseElement();
    }
}
