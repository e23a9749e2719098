using System.Net;
using System.Text;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace ChatApp.Markdown;

/// <summary>
/// While a table is the open block, a skeleton with its column headers stands in for it, so the table
/// appears whole instead of growing row by row (and raw pipes never flash).
/// </summary>
public static class TablePlaceholder
{
    /// <param name="text">The parsed text; the open part starts at <paramref name="openStart"/>.</param>
    /// <param name="lastBlock">The last block parsed from <paramref name="text"/> (spans are positions in it).</param>
    public static string? TryRender(string text, int openStart, Block? lastBlock)
    {
        if (lastBlock is null || lastBlock.Span.Start < openStart)
        {
            return null;
        }
        var startsLikeTable = lastBlock is Table
            || (lastBlock is ParagraphBlock && LineAt(text, lastBlock.Span.Start).TrimStart().StartsWith('|'));
        if (!startsLikeTable)
        {
            return null;
        }
        var start = lastBlock.Span.Start;
        var before = text[openStart..LineStartOf(text, start)];
        var headerLine = LineAt(text, start);
        var headerComplete = text.IndexOf('\n', start) >= 0;
        var html = new StringBuilder();
        if (before.Trim().Length > 0)
        {
            html.Append(Markdig.Markdown.ToHtml(MarkdownRepair.Repair(before), ChatMarkdown.Pipeline));
        }
        html.Append("<div class=\"table-placeholder\" role=\"status\" aria-label=\"Table loading\">");
        if (headerComplete)
        {
            html.Append("<div class=\"table-placeholder-head\">");
            foreach (var cell in headerLine.Trim().Trim('|').Split('|'))
            {
                html.Append("<span>").Append(WebUtility.HtmlEncode(cell.Trim().Replace("**", "", StringComparison.Ordinal))).Append("</span>");
            }
            html.Append("</div>");
        }
        html.Append("<div class=\"table-placeholder-row\"></div><div class=\"table-placeholder-row\"></div>")
            .Append("<div class=\"table-placeholder-label\">table…</div></div>\n");
        return html.ToString();
    }

    private static int LineStartOf(string text, int index) =>
        index <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1) + 1;

    private static string LineAt(string text, int index)
    {
        var start = LineStartOf(text, index);
        var end = text.IndexOf('\n', start);
        return end < 0 ? text[start..] : text[start..end];
    }
}
