using System.Text;
using System.Text.RegularExpressions;

namespace ChatApp.Markdown;

/// <summary>
/// Display-only repair of the unfinished end of a streaming answer, so no raw marker flashes while a span
/// is still arriving (after Streamdown's <c>remend</c>, adapted to Markdig's CommonMark behaviour; the
/// cases are listed in the README). Only the last paragraph is touched: earlier ones are complete, and
/// nothing inside a code fence or code span is. The stored text is never changed.
/// </summary>
public static partial class MarkdownRepair
{
    public static string Repair(string text)
    {
        var segmentStart = LastParagraphStart(text, out var insideFence);
        if (insideFence)
        {
            // An open fence runs to the end: CommonMark already shows it as code. Only a closing fence
            // that is still arriving ("`" of "```") would show as a stray code line.
            var lastLine = text.LastIndexOf('\n') + 1;
            return lastLine > 0 && PartialFence().IsMatch(text.AsSpan(lastLine)) ? text[..lastLine] : text;
        }
        var segment = text[segmentStart..];
        var repaired = RepairSegment(segment);
        return ReferenceEquals(repaired, segment) ? text : string.Concat(text.AsSpan(0, segmentStart), repaired);
    }

    private static string RepairSegment(string segment)
    {
        var original = segment;
        segment = DropAmbiguousSetextUnderline(segment);
        segment = RepairLinksAndImages(segment);
        segment = CloseInlineSpans(segment);
        return segment == original ? original : segment;
    }

    /// <summary>"Item\n-" would make "Item" a heading for a frame; the marker line waits until it means something.</summary>
    private static string DropAmbiguousSetextUnderline(string segment)
    {
        var lastBreak = segment.TrimEnd(' ', '\t').LastIndexOf('\n');
        if (lastBreak <= 0 || !SetextLikeLine().IsMatch(segment[(lastBreak + 1)..]))
        {
            return segment;
        }
        return segment[..lastBreak];
    }

    /// <summary>Unfinished links show their text (also "[text]", which a "(" may follow); unfinished images show nothing until complete.</summary>
    private static string RepairLinksAndImages(string segment)
    {
        var match = UnfinishedLinkAtEnd().Match(segment);
        if (!match.Success || IsInsideCodeSpan(segment, match.Index))
        {
            return segment;
        }
        var isImage = match.Groups["bang"].Success;
        if (isImage)
        {
            return segment[..match.Index];
        }
        return string.Concat(segment.AsSpan(0, match.Index), match.Groups["text"].Value);
    }

    /// <summary>Closes unclosed <c>***</c>, <c>**</c>, <c>__</c>, <c>*</c>, <c>_</c>, <c>~~</c> and inline code, innermost first.</summary>
    private static string CloseInlineSpans(string segment)
    {
        var openers = new List<(char Marker, int Length, bool Intraword)>();
        var trailingRunStart = -1;       // a marker run that ends the text: its meaning is still arriving
        var trailingRunIsOpener = false;
        var i = 0;
        while (i < segment.Length)
        {
            var c = segment[i];
            if (c == '\\')
            {
                i += 2;
                continue;
            }
            if (c is not ('*' or '_' or '~' or '`'))
            {
                i++;
                continue;
            }
            var runEnd = i;
            while (runEnd < segment.Length && segment[runEnd] == c)
            {
                runEnd++;
            }
            var length = runEnd - i;
            var atEnd = runEnd == segment.Length;
            if (c == '`')
            {
                var close = FindBacktickRun(segment, runEnd, length);
                if (close < 0)
                {
                    openers.Add(('`', length, false));
                    (trailingRunStart, trailingRunIsOpener) = atEnd ? (i, true) : (-1, false);
                    break; // everything after an unclosed backtick run is code
                }
                i = close + length;
                continue;
            }
            var before = i == 0 ? '\n' : segment[i - 1];
            var after = atEnd ? '\n' : segment[runEnd];
            var leftFlanking = !char.IsWhiteSpace(after) && (!IsPunctuation(after) || char.IsWhiteSpace(before) || IsPunctuation(before));
            var rightFlanking = !char.IsWhiteSpace(before) && (!IsPunctuation(before) || char.IsWhiteSpace(after) || IsPunctuation(after));
            var canOpen = c == '_' ? leftFlanking && (!rightFlanking || IsPunctuation(before)) : leftFlanking;
            var canClose = c == '_' ? rightFlanking && (!leftFlanking || IsPunctuation(after)) : rightFlanking;
            (trailingRunStart, trailingRunIsOpener) = atEnd ? (i, false) : (-1, false);
            if (c == '~' && length > 2)
            {
                i = runEnd;
                continue;
            }
            var top = openers.Count > 0 ? openers[^1] : default;
            if (c == '~' && length == 1)
            {
                // A single ~ is literal in this pipeline, but at the very end it may be half of "~~".
            }
            else if (canClose && openers.Count > 0 && top.Marker == c && (top.Length <= length || !atEnd))
            {
                openers.RemoveAt(openers.Count - 1);
                trailingRunStart = -1;
            }
            else if (canOpen && !(atEnd && canClose && openers.Count > 0 && top.Marker == c))
            {
                openers.Add((c, length, char.IsLetterOrDigit(before)));
                trailingRunIsOpener = atEnd;
            }
            i = runEnd;
        }

        var text = new StringBuilder(segment);
        if (trailingRunStart >= 0)
        {
            var run = segment[trailingRunStart..];
            var before = trailingRunStart == 0 ? '\n' : segment[trailingRunStart - 1];
            if (trailingRunIsOpener)
            {
                openers.RemoveAt(openers.Count - 1);
                text.Length = trailingRunStart; // "Hello **": the marker waits for its content
            }
            else if (openers.Count > 0 && openers[^1].Marker == run[0] && run.Length < openers[^1].Length && !char.IsWhiteSpace(before))
            {
                text.Append(run[0], openers[^1].Length - run.Length); // "**x*" → "**x**"
                openers.RemoveAt(openers.Count - 1);
            }
            else if ((char.IsWhiteSpace(before) || IsPunctuation(before)) && !IsWholeLineBreak(segment, trailingRunStart))
            {
                text.Length = trailingRunStart; // a marker after a space or at a line start, still arriving
            }
        }
        if (openers.Count == 0)
        {
            return text.ToString();
        }
        while (text.Length > 0 && char.IsWhiteSpace(text[^1]))
        {
            text.Length--; // a closer after whitespace would not close
        }
        for (var k = openers.Count - 1; k >= 0; k--)
        {
            var (marker, length, intraword) = openers[k];
            if (intraword)
            {
                continue; // "a*b" may be literal: left alone
            }
            if (marker == '`')
            {
                var written = 0;
                while (written < text.Length && text[text.Length - 1 - written] == '`')
                {
                    written++;
                }
                // "``x ` y`" is half of its closer already: complete it rather than make a longer run.
                text.Append('`', written < length ? length - written : length);
                continue;
            }
            text.Append(marker, length);
        }
        return text.ToString();
    }

    private static bool IsPunctuation(char c) => char.IsPunctuation(c) || char.IsSymbol(c);

    // "***" alone on its line is a thematic break already.
    private static bool IsWholeLineBreak(string segment, int runStart) =>
        segment.Length - runStart >= 3 && (runStart == 0 || segment[runStart - 1] == '\n');

    private static int FindBacktickRun(string text, int from, int length)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (text[i] != '`')
            {
                continue;
            }
            var end = i;
            while (end < text.Length && text[end] == '`')
            {
                end++;
            }
            if (end - i == length)
            {
                return i;
            }
            i = end;
        }
        return -1;
    }

    private static bool IsInsideCodeSpan(string text, int index)
    {
        var i = 0;
        while (i < index)
        {
            if (text[i] != '`')
            {
                i++;
                continue;
            }
            var end = i;
            while (end < text.Length && text[end] == '`')
            {
                end++;
            }
            var close = FindBacktickRun(text, end, end - i);
            if (close < 0 || close >= index)
            {
                return true;
            }
            i = close + (end - i);
        }
        return false;
    }

    /// <summary>Where the last paragraph starts: after the last blank line or fence outside a fence.</summary>
    private static int LastParagraphStart(string text, out bool insideFence)
    {
        insideFence = false;
        var fenceChar = '\0';
        var fenceLength = 0;
        var start = 0;
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }
            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            var trimmed = line.TrimStart(' ');
            var indent = line.Length - trimmed.Length;
            if (indent < 4 && trimmed.Length >= 3 && (trimmed[0] == '`' || trimmed[0] == '~'))
            {
                var run = 0;
                while (run < trimmed.Length && trimmed[run] == trimmed[0])
                {
                    run++;
                }
                if (fenceChar == '\0' && run >= 3)
                {
                    fenceChar = trimmed[0];
                    fenceLength = run;
                }
                else if (fenceChar == trimmed[0] && run >= fenceLength && trimmed[run..].Trim().IsEmpty)
                {
                    fenceChar = '\0';
                    start = Math.Min(lineEnd + 1, text.Length);
                }
            }
            else if (fenceChar == '\0' && line.Trim().IsEmpty)
            {
                start = Math.Min(lineEnd + 1, text.Length);
            }
            if (lineEnd == text.Length)
            {
                break;
            }
            lineStart = lineEnd + 1;
        }
        insideFence = fenceChar != '\0';
        return start;
    }

    [GeneratedRegex(@"^ {0,3}(`+|~+)$")]
    private static partial Regex PartialFence();

    [GeneratedRegex(@"^ {0,3}(-{1,2}|={1,2})[ \t]*$")]
    private static partial Regex SetextLikeLine();

    // "[text", "[text](url", "![alt", "![alt](url", "[text]" at the very end of the paragraph.
    [GeneratedRegex(@"(?<bang>!)?\[(?<text>[^\[\]\n]*)(?:(?<close>\])(?<paren>\([^()\n]*)?)?$")]
    private static partial Regex UnfinishedLinkAtEnd();
}
