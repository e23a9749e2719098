using ChatApp.Streaming;
using ChatApp.Telemetry;

namespace ChatApp.Tests.Telemetry;

public sealed class StatsSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static StreamStatistics.AnswerRecord Answer(double? ttft, string provider = "A", GenerationStatus status = GenerationStatus.Complete,
        string kind = "Completed", double secondsAgo = 1, double? rate = 50) =>
        new(Now.AddSeconds(-secondsAgo), provider, status, kind, ttft, rate);

    private static StatsSnapshot Of(params StreamStatistics.AnswerRecord[] answers) => new(Now, answers, [], 0, 0);

    [Fact]
    public void Percentiles_AreNearestRank_OverAnswersThatHadAFirstToken()
    {
        var snapshot = Of([.. Enumerable.Range(1, 100).Select(i => Answer(i * 10.0)), Answer(null, status: GenerationStatus.Error, kind: "Refused")]);

        Assert.Equal((500.0, 950.0, 990.0), (snapshot.TtftP50!.Value, snapshot.TtftP95!.Value, snapshot.TtftP99!.Value));
    }

    [Fact]
    public void NoAnswersYet_HaveNoFigures_RatherThanZeros()
    {
        var snapshot = Of();

        Assert.Null(snapshot.TtftP50);
        Assert.Null(snapshot.CompletionRate);
        Assert.All(snapshot.TtftDistribution(), count => Assert.Equal(0, count));
    }

    [Fact]
    public void CompletionRate_IsCompletedOverAllThatEnded()
    {
        var snapshot = Of(Answer(100), Answer(100), Answer(100), Answer(100, status: GenerationStatus.Stopped, kind: "User"));

        Assert.Equal(75, snapshot.CompletionRate);
    }

    [Fact]
    public void TtftDistribution_PutsEachAnswerInItsRange()
    {
        var snapshot = Of(Answer(50), Answer(99), Answer(100), Answer(300), Answer(6000));

        Assert.Equal([2, 1, 1, 0, 0, 0, 1], snapshot.TtftDistribution());
        Assert.Equal(snapshot.TtftDistribution().Length, StatsSnapshot.TtftLabels.Length);
    }

    [Fact]
    public void OutcomesByProvider_CountEachKindPerProvider_CompletedFirst()
    {
        var snapshot = Of(Answer(100, "A"), Answer(100, "B"), Answer(100, "B"), Answer(null, "B", GenerationStatus.Error, "Refused"));

        var (providers, series) = snapshot.OutcomesByProvider();

        Assert.Equal(["A", "B"], providers);
        Assert.Equal([("Completed", new double[] { 1, 2 }), ("Refused", new double[] { 0, 1 })], series.Select(s => (s.Kind, s.Counts)));
    }

    [Fact]
    public void TokensPerSecondOverTime_AveragesEachThirtySecondBucket_NewestLast()
    {
        var snapshot = Of(Answer(100, rate: 40, secondsAgo: 5), Answer(100, rate: 60, secondsAgo: 20), Answer(100, rate: 10, secondsAgo: 45), Answer(100, rate: 99, secondsAgo: 3600));

        var series = snapshot.TokensPerSecondOverTime();

        Assert.Equal(StatsSnapshot.Buckets, series.Length);
        Assert.Equal((50.0, 10.0), (series[^1], series[^2]));
        Assert.Equal(60, series.Sum());
    }
}
