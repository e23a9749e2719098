using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class DueTimeListTests
{
    private static DueTimeList Schedule(int seed = 42) => new(500, seed, TimeSpan.FromMilliseconds(300), 20, paceVariation: 0.2, tokenJitter: 0.35);

    [Fact]
    public void DueTimes_StartAtTheFirstTokenDelay_AndOnlyGrow()
    {
        var due = Schedule().ToList();

        Assert.Equal(TimeSpan.FromMilliseconds(300), due[0]);
        Assert.All(due.Zip(due.Skip(1)), pair => Assert.True(pair.Second > pair.First));
        var tokensPerSecond = (due.Count - 1) / (due[^1] - due[0]).TotalSeconds;
        Assert.InRange(tokensPerSecond, 20 * 0.75, 20 * 1.25);
    }

    [Fact]
    public void DueTimes_ReadOutOfOrder_AreTheDueTimesReadInOrder()
    {
        var schedule = Schedule();
        var inOrder = schedule.ToList();

        foreach (var index in new[] { 499, 3, 250, 0, 251, 499 })
        {
            Assert.Equal(inOrder[index], schedule[index]);
        }
    }

    [Fact]
    public void DueTimes_SameSeedSameSchedule_OtherSeedOtherPace()
    {
        Assert.Equal(Schedule(7).ToList(), Schedule(7).ToList());
        Assert.NotEqual(Schedule(7)[499], Schedule(8)[499]);
    }
}
