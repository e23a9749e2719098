namespace ChatApp.Markdown;

/// <summary>
/// An answer whose text is interrupted by tool cards: each stretch of text between cards is its own
/// markdown document with its own <see cref="IncrementalMarkdownRenderer"/>, so a card never lands inside a
/// paragraph and the text before a card is finished (rendered once) when the card appears.
/// </summary>
public sealed class SegmentedAnswerRenderer
{
    private readonly List<AnswerSegment> _segments = [new(0)];

    /// <summary>The stretches of text, in order; each card stands before the segment that starts at its offset.</summary>
    public IReadOnlyList<AnswerSegment> Segments => _segments;

    /// <summary>Characters received so far (the end of the last segment).</summary>
    public int Length => Last.Start + Last.Renderer.Length;

    private AnswerSegment Last => _segments[^1];

    /// <summary>Appends text that follows <see cref="Length"/>, starting a new segment at each break it reaches.</summary>
    /// <param name="breaks">Text offsets where cards stand, ascending (offsets already passed are ignored).</param>
    public void Append(string text, IEnumerable<int> breaks)
    {
        var position = Length;
        var consumed = 0;
        foreach (var at in breaks)
        {
            if (at <= Last.Start || at > position + text.Length)
            {
                continue;
            }
            var end = Math.Max(at - position, consumed);
            Last.Renderer.Append(text[consumed..end]);
            consumed = end;
            Last.Blocks = Last.Renderer.Complete();
            _segments.Add(new AnswerSegment(Math.Max(at, position + consumed)));
        }
        Last.Renderer.Append(text[consumed..]);
    }

    /// <summary>Renders a frame of the last segment (or its final blocks once the answer has ended).</summary>
    public void Render(bool complete) => Last.Blocks = complete ? Last.Renderer.Complete() : Last.Renderer.Render();
}

/// <summary>One stretch of an answer's text between tool cards.</summary>
public sealed class AnswerSegment(int start)
{
    /// <summary>Where it starts in the answer's text (the offset of the cards before it).</summary>
    public int Start { get; } = start;

    public IncrementalMarkdownRenderer Renderer { get; } = new();

    public IReadOnlyList<MarkdownBlock> Blocks { get; internal set; } = [];
}
