namespace ChatApp.Providers.Simulated;

/// <summary>
/// An answer's tokens as slices of its text: 4 bytes a token while the answer streams, each token's string
/// made only when it is sent (a thousand simulated answers at once must not hold a million small strings).
/// </summary>
public sealed class TokenList(string text, int[] ends) : IReadOnlyList<string>
{
    public int Count => ends.Length;

    public string this[int index] => text[(index == 0 ? 0 : ends[index - 1])..ends[index]];

    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < ends.Length; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
