using ChatApp.Hosting;

namespace ChatApp.Tests.Hosting;

public sealed class BusyGen1PolicyTests
{
    private readonly BusyGen1Policy _policy = new();

    [Fact]
    public void ShouldCollect_OnceALookWhileAnswersRun_WhenTheGcDidNotCollectGen1Itself()
    {
        Assert.False(_policy.ShouldCollect(5, 3)); // the first look only learns the count
        Assert.True(_policy.ShouldCollect(5, 3));
        _policy.Collected(4);
        Assert.True(_policy.ShouldCollect(5, 4)); // our own collection does not count as the GC's
        _policy.Collected(5);
        Assert.True(_policy.ShouldCollect(1, 5));
    }

    [Fact]
    public void ShouldCollect_NotWhenTheGcCollectedGen1SinceTheLastLook()
    {
        Assert.False(_policy.ShouldCollect(5, 3));
        Assert.False(_policy.ShouldCollect(5, 4));
        Assert.False(_policy.ShouldCollect(5, 6));
        Assert.True(_policy.ShouldCollect(5, 6));
    }

    [Fact]
    public void ShouldCollect_NeverWhileNoAnswerRuns()
    {
        for (var look = 0; look < 60; look++)
        {
            Assert.False(_policy.ShouldCollect(0, 3));
        }
        Assert.False(_policy.ShouldCollect(0, 3 + 1));
        Assert.True(_policy.ShouldCollect(2, 4));
    }
}
