using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class TokenListTests
{
    [Fact]
    public void Tokens_ReadOutOfOrder_AreTheTokensReadInOrder()
    {
        var tokens = SimulatedTokenizer.Tokenize("Streaming answers, 2,500 at once — each token found from the last one.");
        var inOrder = tokens.ToList();

        foreach (var index in new[] { 7, 2, tokens.Count - 1, 0, 7, 8 })
        {
            Assert.Equal(inOrder[index], tokens[index]);
        }
        Assert.Equal(inOrder, tokens.ToList());
    }

    [Fact]
    public void Tokenize_AVeryLongRunOfWhitespace_GoesInPiecesThatJoinIntoTheText()
    {
        var text = "before" + new string(' ', 600) + "after";

        var tokens = SimulatedTokenizer.Tokenize(text);

        Assert.Equal(text, string.Concat(tokens));
        Assert.All(tokens, token => Assert.InRange(token.Length, 1, TokenList.MaxLength));
    }

    [Fact]
    public void SpanAt_IsTheTokenItself_InAnyOrder()
    {
        var tokens = (TokenList)SimulatedTokenizer.Tokenize("Spans of the text, read as a stream reads them or out of order.");

        foreach (var index in new[] { 0, 1, 5, 3, tokens.Count - 1, 2 })
        {
            Assert.Equal(tokens[index], tokens.SpanAt(index).ToString());
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens.SpanAt(tokens.Count));
    }

    [Fact]
    public void Tokens_OutOfRange_Throw()
    {
        var tokens = SimulatedTokenizer.Tokenize("two tokens");

        Assert.Throws<ArgumentOutOfRangeException>(() => tokens[tokens.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => tokens[-1]);
    }
}
