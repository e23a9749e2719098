using ChatApp.Hosting;

namespace ChatApp.Tests.Hosting;

public sealed class IdleMemoryPolicyTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.UnixEpoch;
    private const long Plenty = 200L << 20;
    private readonly IdleMemoryPolicy _policy = new(TimeSpan.FromSeconds(10), 64L << 20);

    [Fact]
    public void ShouldTrim_OnceIdleLongEnoughAfterABurst_ThenNotAgainUntilTheNextBurst()
    {
        Assert.False(_policy.ShouldTrim(1000, Plenty, Start));
        Assert.False(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(1)));
        Assert.False(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(10.5)));
        Assert.True(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(11)));
        Assert.False(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(30)));

        Assert.False(_policy.ShouldTrim(5, Plenty, Start.AddSeconds(40)));
        Assert.False(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(60)));
        Assert.True(_policy.ShouldTrim(0, Plenty, Start.AddSeconds(71)));
    }

    [Fact]
    public void ShouldTrim_NeverWhileAnswersRun()
    {
        for (var second = 0; second < 120; second += 2)
        {
            Assert.False(_policy.ShouldTrim(1, Plenty, Start.AddSeconds(second)));
        }
    }

    [Fact]
    public void ShouldTrim_NotWhenTheGcHoldsLittle()
    {
        _policy.ShouldTrim(3, 0, Start);

        Assert.False(_policy.ShouldTrim(0, 10L << 20, Start.AddSeconds(1)));
        Assert.False(_policy.ShouldTrim(0, 10L << 20, Start.AddSeconds(60)));
    }

    [Fact]
    public void ShouldTrim_NotAfterStartupWithoutAnyAnswer()
    {
        Assert.False(_policy.ShouldTrim(0, Plenty, Start));
        Assert.False(_policy.ShouldTrim(0, Plenty, Start.AddMinutes(5)));
    }
}
