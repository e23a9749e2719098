namespace ChatApp.Markdown;

/// <summary>
/// One frame of an answer's rendered text, immutable, so every reader of the answer can show the same instance:
/// the stretches of text between tool cards, each as its markdown blocks.
/// </summary>
/// <param name="Length">The characters of text it shows.</param>
public sealed record RenderedAnswer(int Length, bool IsComplete, IReadOnlyList<RenderedSegment> Segments)
{
    public static readonly RenderedAnswer Empty = new(0, false, [new RenderedSegment(0, [])]);
}

/// <summary>A stretch of text between tool cards; the cards stand before the segment starting at their offset.</summary>
public sealed record RenderedSegment(int Start, IReadOnlyList<MarkdownBlock> Blocks);
