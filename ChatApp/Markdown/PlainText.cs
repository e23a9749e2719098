using System.Text.RegularExpressions;

namespace ChatApp.Markdown;

/// <summary>Markdown reduced to words, for screen-reader announcements (markers are noise when read aloud).</summary>
public static partial class PlainText
{
    public static string FromMarkdown(string markdown, int maxLength)
    {
        var text = Markers().Replace(markdown, " ");
        text = Whitespace().Replace(text, " ").Trim();
        return text.Length <= maxLength ? text : text[..maxLength].TrimEnd() + "…";
    }

    [GeneratedRegex(@"```[^\n]*|[*_`#>|~]+|!?\[|\]\([^)]*\)|^\s*[-+]\s+", RegexOptions.Multiline)]
    private static partial Regex Markers();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
