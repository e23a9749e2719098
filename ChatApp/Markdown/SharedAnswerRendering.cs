using ChatApp.Streaming;
using ChatApp.Streaming.Log;

namespace ChatApp.Markdown;

/// <summary>
/// The markdown rendering of one answer, shared by every reader of it in this process (a page, a second tab,
/// another identity watching): a frame's text is parsed and rendered once, by whichever reader asks first, and the
/// others get the same immutable <see cref="RenderedAnswer"/>. A reader whose view is behind the shared frame is
/// given the newer frame (its own next read catches up); nothing is ever rendered twice or backwards.
/// </summary>
public sealed class SharedAnswerRendering
{
    private readonly Lock _gate = new();
    private readonly SegmentedAnswerRenderer _renderer = new();
    private int _cardOffsets;
    private RenderedAnswer _current = RenderedAnswer.Empty;

    /// <summary>How many frames were actually rendered (diagnostics and tests: once per frame, not per reader).</summary>
    public int Renders { get; private set; }

    /// <summary>The latest frame, rendered first if <paramref name="view"/> holds more than it does.</summary>
    public RenderedAnswer RenderUpTo(AnswerView view)
    {
        var complete = !view.Status.IsActive();
        var offsets = CardOffsets(view);
        lock (_gate)
        {
            var grows = view.Length > _renderer.Length || offsets.Count > _cardOffsets;
            var completes = complete && !_current.IsComplete && view.Length >= _renderer.Length;
            if (!grows && !completes && Renders > 0)
            {
                return _current;
            }
            if (grows)
            {
                _renderer.Append(view.ReadText(_renderer.Length, view.Length), offsets);
                _cardOffsets = offsets.Count;
            }
            _renderer.Render(complete);
            Renders++;
            _current = new RenderedAnswer(_renderer.Length, complete, Snapshot());
            return _current;
        }
    }

    // Finished segments never change again: their snapshots are kept; only the last one is copied.
    private IReadOnlyList<RenderedSegment> Snapshot()
    {
        var segments = _renderer.Segments;
        var kept = _current.Segments;
        var snapshot = new RenderedSegment[segments.Count];
        for (var i = 0; i < segments.Count; i++)
        {
            snapshot[i] = i < segments.Count - 1 && i < kept.Count - 1
                ? kept[i]
                : new RenderedSegment(segments[i].Start, [.. segments[i].Blocks]);
        }
        return snapshot;
    }

    private static IReadOnlyList<int> CardOffsets(AnswerView view) =>
        view.ToolCalls.Count == 0 ? [] : view.ToolCalls.Select(c => c.TextOffset).Distinct().Order().ToList();
}
