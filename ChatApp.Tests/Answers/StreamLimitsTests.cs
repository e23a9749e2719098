using ChatApp.Answers;
using ChatApp.Configuration;
using Microsoft.Extensions.Options;

namespace ChatApp.Tests.Answers;

public sealed class StreamLimitsTests
{
    private static StreamLimits Limits(int concurrent = 3, int tokensPerHour = 1000) =>
        new(Options.Create(new ChatOptions { Limits = new LimitsOptions { ConcurrentStreams = concurrent, TokensPerHour = tokensPerHour } }));

    [Fact]
    public void TheFourthConcurrentAnswer_IsRefused_AndAThirdIsAdmittedAgainOnceOneEnds()
    {
        using var limits = Limits();
        var running = Enumerable.Range(0, 3).Select(_ => limits.Admit("alice")).ToList();

        var refusal = Assert.Throws<LimitExceededException>(() => limits.Admit("alice"));
        Assert.Equal("Chat:Limits:ConcurrentStreams", refusal.Limit);
        Assert.Contains("when one of them ends", refusal.Message);
        Assert.NotNull(limits.Admit("bob")); // every identity has its own

        running[0]!.End(10);
        Assert.NotNull(limits.Admit("alice"));
    }

    [Fact]
    public void OutputTokensPastTheHourlyLimit_RefuseTheNextAnswer_SayingWhenToRetry()
    {
        using var limits = Limits(tokensPerHour: 1000);
        limits.Admit("alice")!.End(600);
        limits.Admit("alice")!.End(700); // goes past: what is left is charged

        var refusal = Assert.Throws<LimitExceededException>(() => limits.Admit("alice"));
        Assert.Equal("Chat:Limits:TokensPerHour", refusal.Limit);
        Assert.Equal(TimeSpan.FromMinutes(5), refusal.RetryAfter);
        Assert.NotNull(limits.Admit("bob"));
    }

    [Fact]
    public void EndingTwice_FreesOneSlot_AndChargesOnce()
    {
        using var limits = Limits(concurrent: 1, tokensPerHour: 100);
        var admission = limits.Admit("alice")!;
        admission.End(60);
        admission.End(60);

        limits.Admit("alice")!.End(30);
        Assert.NotNull(limits.Admit("alice")); // 90 of 100 used: still admitted
    }
}
