namespace ChatApp.Providers.Simulated;

/// <summary>
/// An answer's tokens as slices of its text: one byte a token (its length) while the answer streams, each token's
/// string made only when it is sent (a thousand simulated answers at once must not hold a million small strings).
/// Read in order, as a stream reads it, each token is found from the last one; reading an earlier one again
/// starts over. Token boundaries as 4-byte offsets were 4.8 KB of every 1,200-token answer's live memory.
/// </summary>
public sealed class TokenList : IReadOnlyList<string>
{
    /// <summary>The longest token; the tokenizer splits a longer one (only a run of whitespace can be longer).</summary>
    public const int MaxLength = byte.MaxValue;

    private readonly ReadOnlyMemory<char> _text;
    private readonly byte[] _lengths;
    // The cursor: token _index starts at _start.
    private int _index;
    private int _start;

    public TokenList(ReadOnlyMemory<char> text, byte[] lengths)
    {
        _text = text;
        _lengths = lengths;
    }

    public int Count => _lengths.Length;

    public string this[int index] => SpanAt(index).ToString();

    /// <summary>Token <paramref name="index"/> as a slice of the text: no string made (see <see cref="SimulatedTextChunks"/>).</summary>
    public ReadOnlySpan<char> SpanAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        if (index < _index)
        {
            (_index, _start) = (0, 0);
        }
        for (; _index < index; _index++)
        {
            _start += _lengths[_index];
        }
        return _text.Span.Slice(_start, _lengths[index]);
    }

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
