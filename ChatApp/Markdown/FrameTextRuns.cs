namespace ChatApp.Markdown;

/// <summary>
/// The text runs of one reader's open block, frame after frame: when a text grew since the last frame, its old
/// runs are kept as they were and the appended characters become one new run. Built as sibling text nodes, a
/// frame then only adds a node: nothing already shown is sent again or touched (a selection in it stays whole).
/// A text that changed otherwise (the markdown re-interpreted it) is cut afresh with <see cref="TextRuns"/>.
/// </summary>
public sealed class FrameTextRuns
{
    private Dictionary<int, Entry> _last = [];
    private Dictionary<int, Entry> _next = [];

    /// <summary>The runs of the text at token <paramref name="index"/> in this frame.</summary>
    public IReadOnlyList<(int Start, int Length)> For(int index, string text)
    {
        List<(int, int)> runs;
        if (_last.TryGetValue(index, out var last) && text.Length >= last.Text.Length && text.StartsWith(last.Text, StringComparison.Ordinal))
        {
            runs = last.Runs;
            if (text.Length > last.Text.Length)
            {
                runs = [.. runs, (last.Text.Length, text.Length - last.Text.Length)];
            }
        }
        else
        {
            runs = [.. TextRuns.Of(text)];
        }
        _next[index] = new Entry(text, runs);
        return runs;
    }

    /// <summary>The frame is built: its runs are what the next frame grows from.</summary>
    public void EndFrame()
    {
        (_last, _next) = (_next, _last);
        _next.Clear();
    }

    private sealed record Entry(string Text, List<(int, int)> Runs);
}
