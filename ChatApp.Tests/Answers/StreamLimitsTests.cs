using ChatApp.Answers;
using ChatApp.Configuration;
using Microsoft.Extensions.Options;

namespace ChatApp.Tests.Answers;

public sealed class StreamLimitsTests
{
    private static StreamLimits Limits(int concurrent = 3, int tokensPerHour = 1000) =>
        new(Options.Create(new ChatOptions { Limits = new LimitsOptions { ConcurrentStreams = concurrent, TokensPerHour = tokensPerHour } }));

    [Fact]
    public async Task TheFourthConcurrentAnswer_IsRefused_AndAThirdIsAdmittedAgainOnceOneEnds()
    {
        using var limits = Limits();
        var running = new List<StreamLimits.Admission> { await limits.AdmitAsync("alice"), await limits.AdmitAsync("alice"), await limits.AdmitAsync("alice") };

        var refusal = await Assert.ThrowsAsync<LimitExceededException>(async () => await limits.AdmitAsync("alice"));
        Assert.Equal("Chat:Limits:ConcurrentStreams", refusal.Limit);
        Assert.Contains("when one of them ends", refusal.Message);
        Assert.NotNull(await limits.AdmitAsync("bob")); // every identity has its own

        running[0]!.End(10);
        Assert.NotNull(await limits.AdmitAsync("alice"));
    }

    [Fact]
    public async Task OutputTokensPastTheHourlyLimit_RefuseTheNextAnswer_SayingWhenToRetry()
    {
        using var limits = Limits(tokensPerHour: 1000);
        (await limits.AdmitAsync("alice")).End(600);
        (await limits.AdmitAsync("alice")).End(700); // goes past: what is left is charged

        var refusal = await Assert.ThrowsAsync<LimitExceededException>(async () => await limits.AdmitAsync("alice"));
        Assert.Equal("Chat:Limits:TokensPerHour", refusal.Limit);
        Assert.Equal(TimeSpan.FromMinutes(5), refusal.RetryAfter);
        Assert.NotNull(await limits.AdmitAsync("bob"));
    }

    [Fact]
    public async Task EndingTwice_FreesOneSlot_AndChargesOnce()
    {
        using var limits = Limits(concurrent: 1, tokensPerHour: 100);
        var admission = await limits.AdmitAsync("alice");
        admission.End(60);
        admission.End(60);

        (await limits.AdmitAsync("alice")).End(30);
        Assert.NotNull(await limits.AdmitAsync("alice")); // 90 of 100 used: still admitted
    }
}
