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

    public static IReadOnlyList<string> Tokenize(string text) =>
        TokenPattern().Matches(text).Select(m => m.Value).ToArray();
}
