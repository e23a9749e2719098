using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class SimulatedTokenizerTests
{
    [Theory]
    [InlineData("Hello, world!")]
    [InlineData("  leading and trailing  ")]
    [InlineData("```csharp\nvar x = 12345;\n```\n")]
    [InlineData("Überraschung — naïve café 你好")]
    [InlineData("")]
    public void Tokenize_ConcatenatedTokens_GiveBackTheText(string text)
    {
        Assert.Equal(text, string.Concat(SimulatedTokenizer.Tokenize(text)));
    }

    [Fact]
    public void Tokenize_SplitsLikeAnLlm_WordsWithLeadingSpaceAndPunctuationApart()
    {
        Assert.Equal(["Hello", ",", " world", "!"], SimulatedTokenizer.Tokenize("Hello, world!"));
        Assert.Equal(["Extraord", "inary"], SimulatedTokenizer.Tokenize("Extraordinary"));
    }
}
