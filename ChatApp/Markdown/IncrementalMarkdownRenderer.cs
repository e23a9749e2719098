using System.Text;
using Markdig;
using Markdig.Extensions.Footnotes;
using Markdig.Extensions.Tables;
using Markdig.Syntax;

namespace ChatApp.Markdown;

/// <summary>
/// Renders a growing markdown text as a list of blocks, re-parsing only the open tail each frame.
/// A top-level block is finished once the next block has started on a complete line: CommonMark closes
/// blocks line by line and never reopens them, so from then on nothing appended can change it. Finished
/// blocks are rendered once and kept (stable id and HTML); the open tail is repaired for display
/// (<see cref="MarkdownRepair"/>) and re-rendered. The cost of a frame depends on the open tail, not on the
/// length of the answer. On <see cref="Complete"/> the blocks equal Markdig's rendering of the whole text (its end
/// repaired the way the last frame showed it, so an answer ending mid-span does not flip to raw markers);
/// where whole-document features (link reference definitions, footnotes) make block-by-block rendering
/// differ, one full render replaces them.
/// </summary>
public sealed class IncrementalMarkdownRenderer(MarkdownPipeline pipeline)
{
    private readonly StringBuilder _text = new();
    private readonly List<MarkdownBlock> _blocks = [];   // finished blocks, then the open one (if any)
    private int _finishedCount;
    private MarkdownBlock? _open;
    private int _finishedEnd;   // where the open tail starts in _text
    private int _openId;
    private int _version;
    private bool _dirty = true;

    public IncrementalMarkdownRenderer() : this(ChatMarkdown.Pipeline)
    {
    }

    /// <summary>Characters received so far.</summary>
    public int Length => _text.Length;

    public bool IsComplete { get; private set; }

    /// <summary>True when the final blocks came from one full render (whole-document features were used).</summary>
    public bool UsedFullRender { get; private set; }

    /// <summary>Finished blocks followed by the open one (while not complete). The same list each frame, kept up to date.</summary>
    public IReadOnlyList<MarkdownBlock> Blocks => _blocks;

    /// <summary>How many characters the last frame re-parsed (the open tail): a measure of per-frame cost.</summary>
    public int LastTailLength { get; private set; }

    public void Append(string delta)
    {
        if (IsComplete)
        {
            throw new InvalidOperationException("The text is complete; nothing can be appended.");
        }
        if (delta.Length > 0)
        {
            _text.Append(delta);
            _dirty = true;
        }
    }

    /// <summary>Renders a streaming frame: finishes whatever blocks became final and re-renders the open tail.</summary>
    public IReadOnlyList<MarkdownBlock> Render()
    {
        if (IsComplete || !_dirty)
        {
            return Blocks;
        }
        _dirty = false;
        var tail = _text.ToString(_finishedEnd, _text.Length - _finishedEnd);
        LastTailLength = tail.Length;
        var document = Markdig.Markdown.Parse(tail, pipeline);
        var blocks = TopLevelBlocks(document);
        var consumed = 0;
        // Finished once the next block's first line is complete (until then it may still change what this one
        // is), or sooner when nothing can change it any more.
        bool Finishable(int i)
        {
            var nextStart = LineStart(tail, blocks[i + 1].Span.Start);
            return tail.IndexOf('\n', nextStart) >= 0 || IsClosed(blocks[i], tail, nextStart);
        }
        for (var i = 0; i + 1 < blocks.Count; i++)
        {
            // A table right under a paragraph's line grew out of that paragraph (Markdig gives the paragraph a span
            // over both): a line after the table that is no row turns both back into one paragraph, so the
            // paragraph waits until the table itself is finished.
            if (blocks[i + 1] is Table && blocks[i].Span.End >= blocks[i + 1].Span.Start && !(i + 2 < blocks.Count && Finishable(i + 1)))
            {
                break;
            }
            if (!Finishable(i))
            {
                break;
            }
            var nextStart = LineStart(tail, blocks[i + 1].Span.Start);
            Finish(tail[consumed..nextStart]);
            consumed = nextStart;
        }
        _finishedEnd += consumed;
        var lastBlock = blocks.Count > 0 ? blocks[^1] : null;
        SetOpen(TablePlaceholder.TryRender(tail, consumed, lastBlock) ?? RenderOpen(tail, consumed, document));
        return Blocks;
    }

    // Most frames finish nothing and need no repair: then the parse made for the block boundaries is
    // rendered as it is, and the tail is parsed once per frame, not twice.
    private string RenderOpen(string tail, int consumed, MarkdownDocument document)
    {
        var open = tail[consumed..];
        var repaired = MarkdownRepair.Repair(open);
        return consumed == 0 && ReferenceEquals(repaired, open) && open.Length > 0
            ? document.ToHtml(pipeline)
            : ToHtml(repaired);
    }

    /// <summary>The text is final: every block is finished and the result equals a full render.</summary>
    public IReadOnlyList<MarkdownBlock> Complete()
    {
        if (IsComplete)
        {
            return Blocks;
        }
        IsComplete = true;
        var tail = _text.ToString(_finishedEnd, _text.Length - _finishedEnd);
        var blocks = TopLevelBlocks(Markdig.Markdown.Parse(tail, pipeline));
        var consumed = 0;
        for (var i = 0; i < blocks.Count; i++)
        {
            var last = i + 1 == blocks.Count;
            var end = last ? tail.Length : LineStart(tail, blocks[i + 1].Span.Start);
            // No flip at the end: an answer that ended with a span still open (a stop, an error, or a model that
            // never closed its "**") keeps showing what it showed while streaming. Display only: the text is kept.
            Finish(last ? MarkdownRepair.Repair(tail[consumed..end]) : tail[consumed..end]);
            consumed = end;
        }
        _finishedEnd = _text.Length;
        SetOpen(null);

        // Link reference definitions and footnotes act across blocks: where the text has them, the whole
        // text rendered once is the truth (one full render per answer, never per frame).
        // (Checked over the whole text: a definition's text may belong to no block, e.g. one holding a fence.)
        var text = _text.ToString();
        if (text.Contains("]:", StringComparison.Ordinal) || text.Contains("[^", StringComparison.Ordinal))
        {
            var full = ToHtml(MarkdownRepair.Repair(text));
            if (!string.Equals(full, string.Concat(_blocks.Select(b => b.Html)), StringComparison.Ordinal))
            {
                UsedFullRender = true;
                _blocks.Clear();
                _blocks.Add(new MarkdownBlock(_openId, full, true, ++_version));
                _finishedCount = 1;
            }
        }
        return Blocks;
    }

    private void Finish(string markdown)
    {
        // The open block keeps its id when it becomes finished, so its component (and DOM) carries on.
        SetOpen(null);
        _blocks.Add(new MarkdownBlock(_openId, ToHtml(markdown), true, ++_version));
        _finishedCount++;
        _openId++;
    }

    /// <summary>Sets (or, with null, removes) the open block at the end of the list.</summary>
    private void SetOpen(string? html)
    {
        if (html is not null && _open is not null && _open.Id == _openId && string.Equals(_open.Html, html, StringComparison.Ordinal))
        {
            return;
        }
        if (_blocks.Count > _finishedCount)
        {
            _blocks.RemoveAt(_blocks.Count - 1);
        }
        _open = html is null ? null : new MarkdownBlock(_openId, html, false, ++_version);
        if (_open is not null)
        {
            _blocks.Add(_open);
        }
    }

    /// <summary>
    /// Whether a block is final whatever the next block's (incomplete) first line turns out to be, so it need
    /// not wait for that line to end — for one-line paragraphs, the usual shape of model output, that is the
    /// whole next paragraph. A heading, a thematic break and a closed fence end on their own line; a paragraph,
    /// a quote or a table ends at a blank line, after which no line can continue or re-interpret it (a
    /// setext underline or a table delimiter row must follow directly). A list needs more: after a blank line
    /// a later item makes the whole list loose and an indented line continues its last item, so it is
    /// closed only once the next line starts with something that can be neither (a letter, say).
    /// </summary>
    private static bool IsClosed(Block block, string tail, int nextStart) => block switch
    {
        HeadingBlock or ThematicBreakBlock or FencedCodeBlock => true,
        ParagraphBlock or QuoteBlock or Table => FollowedByBlankLine(tail, block, nextStart),
        ListBlock => FollowedByBlankLine(tail, block, nextStart) && nextStart < tail.Length && CannotContinueAList(tail[nextStart]),
        _ => false,
    };

    private static bool CannotContinueAList(char first) => !char.IsWhiteSpace(first) && !char.IsAsciiDigit(first) && first is not ('-' or '*' or '+');

    private static bool FollowedByBlankLine(string tail, Block block, int nextStart)
    {
        var lastLineEnd = tail.IndexOf('\n', Math.Min(block.Span.End, tail.Length - 1));
        if (lastLineEnd < 0 || lastLineEnd + 1 >= nextStart)
        {
            return false;
        }
        // Between the block's last line and the next block: blank lines (or definitions, which need one too).
        return tail[(lastLineEnd + 1)..nextStart].Split('\n').SkipLast(1).Any(string.IsNullOrWhiteSpace);
    }

    private string ToHtml(string markdown) => markdown.Length == 0 ? "" : Markdig.Markdown.ToHtml(markdown, pipeline);

    // Footnote and link-reference groups are gathered by the parser, not written where they stand, and
    // render nothing in place: their text travels with the block before them.
    private static List<Block> TopLevelBlocks(MarkdownDocument document) =>
        document.Where(block => block is not (FootnoteGroup or LinkReferenceDefinitionGroup))
            .OrderBy(block => block.Span.Start)
            .ToList();

    private static int LineStart(string text, int index) =>
        index <= 0 ? 0 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1) + 1;
}
