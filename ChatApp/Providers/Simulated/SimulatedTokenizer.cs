using System.Text.RegularExpressions;

namespace ChatApp.Providers.Simulated;

/// <summary>
/// Splits text into LLM-like tokens: a word piece of up to 8 letters with its leading whitespace,
/// up to 3 digits, or one punctuation mark. Concatenating the tokens gives back the text exactly.
/// </summary>
public static partial class SimulatedTokenizer
{
    [GeneratedRegex(@"\s*\p{L}{1,8}|\s*\d{1,3}|\s*[^\s\p{L}\d]|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    public static IReadOnlyList<string> Tokenize(string text) => Tokenize(text.AsMemory());

    /// <summary>Tokens over a slice of a text (an echoed prompt's): they are cut from it as they are read.</summary>
    public static IReadOnlyList<string> Tokenize(ReadOnlyMemory<char> text)
    {
        var lengths = new List<byte>(text.Length / 3);
        var expected = 0;
        foreach (var match in TokenPattern().EnumerateMatches(text.Span))
        {
            // The pattern covers every character, so matches are back to back.
            System.Diagnostics.Debug.Assert(match.Index == expected);
            expected = match.Index + match.Length;
            for (var left = match.Length; left > 0; left -= TokenList.MaxLength)
            {
                lengths.Add((byte)Math.Min(left, TokenList.MaxLength)); // a very long run of whitespace goes in pieces
            }
        }
        return new TokenList(text, [.. lengths]);
    }
}
