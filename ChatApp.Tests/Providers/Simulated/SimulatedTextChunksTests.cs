using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class SimulatedTextChunksTests
{
    [Fact]
    public void ATokenSeenBefore_IsTheSameChunk_WhereverItsTextComesFrom()
    {
        var token = " shared-token-" + Guid.NewGuid().ToString("N")[..6];
        var fromText = $"before{token}after".AsSpan(6, token.Length);

        var first = SimulatedTextChunks.For(token);
        var again = SimulatedTextChunks.For(fromText);

        Assert.Same(first, again);
    }

    [Fact]
    public void AChunk_CarriesItsTokenAsTheOnlyUpdate()
    {
        var chunk = SimulatedTextChunks.For("hello");

        Assert.Equal("hello", chunk.Content);
        Assert.Equal("hello", ProviderUpdates.TextOnly(chunk));
        Assert.Equal([new TextDelta("hello")], ProviderUpdates.From(chunk));
    }

    [Fact]
    public void ReadingAChunk_LeavesItAsItWas_SoSharingItIsSafe()
    {
        var chunk = SimulatedTextChunks.For("unchanged");

        for (var i = 0; i < 3; i++)
        {
            ProviderUpdates.From(chunk);
            ProviderUpdates.TextOnly(chunk);
            ProviderUpdates.HasSubstance(chunk);
        }

        Assert.Same(chunk, SimulatedTextChunks.For("unchanged"));
        Assert.Equal("unchanged", Assert.Single(chunk.Items).ToString());
        Assert.Null(chunk.Metadata);
    }
}
