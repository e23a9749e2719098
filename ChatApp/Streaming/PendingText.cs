using System.Text;

namespace ChatApp.Streaming;

/// <summary>
/// The text of the frame being gathered. At a model's pace a frame usually holds one delta: that string goes on
/// as it came (no builder and no copy per token); only a frame of several deltas is joined.
/// </summary>
internal sealed class PendingText
{
    private readonly StringBuilder _joined = new();
    private string? _single;

    public int Length => _single?.Length ?? _joined.Length;

    public void Append(string text)
    {
        if (_single is null && _joined.Length == 0)
        {
            _single = text;
            return;
        }
        if (_single is not null)
        {
            _joined.Append(_single);
            _single = null;
        }
        _joined.Append(text);
    }

    /// <summary>The gathered text; the frame is empty again.</summary>
    public string Take()
    {
        if (_single is { } single)
        {
            _single = null;
            return single;
        }
        var text = _joined.ToString();
        _joined.Clear();
        return text;
    }

    public override string ToString() => _single ?? _joined.ToString();
}
