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

    [Fact]
    public async Task ConcurrentStreams_CountAcrossInstances_AndAnEndedOneFreesItsSlotEverywhere()
    {
        await using var a = await SharedNode.StartAsync(redis);
        await using var b = await SharedNode.StartAsync(redis);
        var identity = $"browser-{Guid.NewGuid():N}";
        var onA = LimitsOn(a, concurrent: 2, tokensPerHour: 1000);
        var onB = LimitsOn(b, concurrent: 2, tokensPerHour: 1000);

        var first = await onA.AdmitAsync(identity);
        await onB.AdmitAsync(identity);
        var refused = await Assert.ThrowsAsync<LimitExceededException>(async () => await onA.AdmitAsync(identity));
        Assert.Equal("Chat:Limits:ConcurrentStreams", refused.Limit);
        await Assert.ThrowsAsync<LimitExceededException>(async () => await onB.AdmitAsync(identity));
        await onA.AdmitAsync($"someone-else-{Guid.NewGuid():N}"); // another identity is not affected

        first.End(0);
        await onB.AdmitAsync(identity);
    }

    [Fact]
    public async Task OutputTokens_CountAcrossInstances()
    {
        await using var a = await SharedNode.StartAsync(redis);
        await using var b = await SharedNode.StartAsync(redis);
        var identity = $"key:{Guid.NewGuid():N}";
        var onA = LimitsOn(a, concurrent: 5, tokensPerHour: 200);
        var onB = LimitsOn(b, concurrent: 5, tokensPerHour: 200);

        (await onA.AdmitAsync(identity)).End(150);
        (await onB.AdmitAsync(identity)).End(60);
        // Charges are sent without waiting for Redis's reply: counted within moments, on every instance.
        var ledger = new RedisLimits(b.Shared, TimeProvider.System);
        for (var i = 0; i < 200 && await ledger.TokensThisHourAsync(identity) < 210; i++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(210, await ledger.TokensThisHourAsync(identity));

        Assert.Equal("Chat:Limits:TokensPerHour", (await Assert.ThrowsAsync<LimitExceededException>(async () => await onA.AdmitAsync(identity))).Limit);
        Assert.Equal("Chat:Limits:TokensPerHour", (await Assert.ThrowsAsync<LimitExceededException>(async () => await onB.AdmitAsync(identity))).Limit);
    }
}
