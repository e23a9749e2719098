namespace ChatApp.Markdown;

/// <summary>
/// Cuts a growing text into runs whose ends never move as more text is appended: a run ends at the first
/// whitespace after <see cref="MinLength"/> characters, or at <see cref="MaxLength"/> (never inside a surrogate
/// pair). Each cut depends only on the text before it, so for a text and any longer text starting with it, every
/// run but the last is the same. Built as sibling text nodes, a frame then changes only the last run and appends
/// new ones: the nodes before it, and a reader's selection in them, stay.
/// </summary>
public static class TextRuns
{
    public const int MinLength = 32;
    public const int MaxLength = 256;

    /// <summary>The runs of <paramref name="text"/>, as (start, length), in order.</summary>
    public static IEnumerable<(int Start, int Length)> Of(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var length = i + 1 - start;
            var cut = (length >= MinLength && char.IsWhiteSpace(text[i])) || (length >= MaxLength && !char.IsHighSurrogate(text[i]));
            if (cut && i + 1 < text.Length)
            {
                yield return (start, length);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            yield return (start, text.Length - start);
        }
    }
}
