using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.ScaleOut;

namespace ChatApp.Tests.ScaleOut;

/// <summary>Scaled out, one identity's limits count across instances: two instances' <see cref="StreamLimits"/> on one Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisLimitsTests(RedisServer redis)
{
    private static StreamLimits LimitsOn(SharedNode node, int concurrent, int tokensPerHour) =>
        new(Microsoft.Extensions.Options.Options.Create(new ChatOptions { Limits = new LimitsOptions { ConcurrentStreams = concurrent, TokensPerHour = tokensPerHour } }),
            cluster: new RedisLimits(node.Shared, TimeProvider.System));

    private async Task<TwoInstances> TwoInstancesAsync(int concurrent, int tokensPerHour) =>
        new(await SharedNode.StartAsync(redis), await SharedNode.StartAsync(redis), concurrent, tokensPerHour);

    /// <summary>Two instances on the test's Redis, each with the same limits.</summary>
    private sealed class TwoInstances(SharedNode a, SharedNode b, int concurrent, int tokensPerHour) : IAsyncDisposable
    {
        public SharedNode B => b;

        public StreamLimits OnA { get; } = LimitsOn(a, concurrent, tokensPerHour);

        public StreamLimits OnB { get; } = LimitsOn(b, concurrent, tokensPerHour);

        public async ValueTask DisposeAsync()
        {
            await a.DisposeAsync();
            await b.DisposeAsync();
        }
    }

    [Fact]
    public async Task ConcurrentStreams_CountAcrossInstances_AndAnEndedOneFreesItsSlotEverywhere()
    {
        await using var instances = await TwoInstancesAsync(concurrent: 2, tokensPerHour: 1000);
        var (onA, onB) = (instances.OnA, instances.OnB);
        var identity = $"browser-{Guid.NewGuid():N}";

        var first = await onA.AdmitAsync(identity);
        await onB.AdmitAsync(identity);
        var refused = await Assert.ThrowsAsync<LimitExceededException>(async () => await onA.AdmitAsync(identity));
        Assert.Equal("Chat:Limits:ConcurrentStreams", refused.Limit);
        await Assert.ThrowsAsync<LimitExceededException>(async () => await onB.AdmitAsync(identity));
        await onA.AdmitAsync($"someone-else-{Guid.NewGuid():N}"); // another identity is not affected

        // The end is sent from A without waiting for Redis's reply, and B asks on its own connection: freed within moments.
        first.End(0);
        await AdmitWithinAsync(onB, identity, TimeSpan.FromSeconds(2));
    }

    // Admits, asking again while refused until the bound; past it the refusal fails the test.
    private static async Task<StreamLimits.Admission> AdmitWithinAsync(StreamLimits limits, string identity, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (true)
        {
            try
            {
                return await limits.AdmitAsync(identity);
            }
            catch (LimitExceededException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task OutputTokens_CountAcrossInstances()
    {
        await using var instances = await TwoInstancesAsync(concurrent: 5, tokensPerHour: 200);
        var (onA, onB) = (instances.OnA, instances.OnB);
        var identity = $"key:{Guid.NewGuid():N}";

        (await onA.AdmitAsync(identity)).End(150);
        (await onB.AdmitAsync(identity)).End(60);
        // Charges are sent without waiting for Redis's reply: counted within moments, on every instance.
        var ledger = new RedisLimits(instances.B.Shared, TimeProvider.System);
        for (var i = 0; i < 200 && await ledger.TokensThisHourAsync(identity) < 210; i++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(210, await ledger.TokensThisHourAsync(identity));

        Assert.Equal("Chat:Limits:TokensPerHour", (await Assert.ThrowsAsync<LimitExceededException>(async () => await onA.AdmitAsync(identity))).Limit);
        Assert.Equal("Chat:Limits:TokensPerHour", (await Assert.ThrowsAsync<LimitExceededException>(async () => await onB.AdmitAsync(identity))).Limit);
    }
}
