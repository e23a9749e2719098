using ChatApp.Streaming;

namespace ChatApp.Tests.Streaming;

public sealed class ReaderPacingTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]      // ordinary jitter
    [InlineData(5, 20)]
    [InlineData(25, 100)]
    [InlineData(60, 240)]
    [InlineData(500, 250)]  // capped: text still moves four times a second
    public void TheGap_GrowsWithTheLag_UpToTheLongest(int lagMs, int intervalMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(intervalMs), ReaderPacing.IntervalFor(TimeSpan.FromMilliseconds(lagMs)));
    }

    [Fact]
    public void AServerThatKeepsUp_PacesNobody()
    {
        var pacing = new ReaderPacing();

        for (var i = 0; i < 20; i++)
        {
            pacing.Observe(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(TimeSpan.Zero, pacing.Interval);
    }

    [Fact]
    public void OneHiccup_PacesLessThanASustainedLag()
    {
        var hiccup = new ReaderPacing();
        var busy = new ReaderPacing();

        hiccup.Observe(TimeSpan.FromMilliseconds(40));
        for (var i = 0; i < 20; i++)
        {
            busy.Observe(TimeSpan.FromMilliseconds(40));
        }

        Assert.True(hiccup.Interval < busy.Interval, $"{hiccup.Interval} vs {busy.Interval}");
        Assert.Equal(TimeSpan.FromMilliseconds(160), busy.Interval.RoundTo(TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public void WhenTheLoadPasses_PacingStops()
    {
        var pacing = new ReaderPacing();
        for (var i = 0; i < 20; i++)
        {
            pacing.Observe(TimeSpan.FromMilliseconds(50));
        }

        for (var i = 0; i < 20; i++)
        {
            pacing.Observe(TimeSpan.Zero);
        }

        Assert.Equal(TimeSpan.Zero, pacing.Interval);
    }
}

internal static class TimeSpanRounding
{
    public static TimeSpan RoundTo(this TimeSpan value, TimeSpan unit) => TimeSpan.FromTicks((long)Math.Round((double)value.Ticks / unit.Ticks) * unit.Ticks);
}
