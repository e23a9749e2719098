using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;

namespace ChatApp.Tests.Storage;

/// <summary>The outcome as typed columns and back: every outcome survives the round trip.</summary>
public sealed class AttemptMappingTests
{
    public static TheoryData<StreamOutcome> EveryOutcome()
    {
        var data = new TheoryData<StreamOutcome> { StreamOutcome.Completed };
        foreach (var reason in Enum.GetValues<StopReason>())
        {
            data.Add(StreamOutcome.Stopped(reason));
        }
        foreach (var kind in Enum.GetValues<FailureKind>())
        {
            data.Add(StreamOutcome.Failed(kind, $"{kind} happened.", kind == FailureKind.Refused ? 503 : null));
        }
        return data;
    }

    private static AnswerView Ended(StreamOutcome outcome)
    {
        var view = new AnswerView();
        var card = new ToolCallView(0, 0, "c1", "calculate", "{}", ToolCallState.Complete, "2", 5);
        view.Apply([
            new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null) { Sequence = 1 },
            new TextAppended("Hello") { Sequence = 2 },
            new ToolCallChanged(card) { Sequence = 3 },
            new AnswerEnded(outcome, DateTimeOffset.UnixEpoch.AddMilliseconds(250), DateTimeOffset.UnixEpoch.AddSeconds(2), 7) { Sequence = 4 },
        ]);
        return view;
    }

    [Theory]
    [MemberData(nameof(EveryOutcome))]
    public void EveryOutcome_RoundTripsThroughTheStoredRow(StreamOutcome outcome)
    {
        var row = AttemptMapping.ToEntity(Ended(outcome), Guid.NewGuid(), Guid.NewGuid(), 0);

        Assert.Equal(outcome, AttemptMapping.OutcomeOf(row));
        Assert.Equal(outcome.Status.ToContractValue(), row.Status);
    }

    [Fact]
    public void TheRow_HoldsTheTextCardsFiguresAndTheLastSequence()
    {
        var row = AttemptMapping.ToEntity(Ended(StreamOutcome.Completed), Guid.NewGuid(), Guid.NewGuid(), 2);

        Assert.Equal(("Hello", 4L, 7, 250d, 2000d), (row.Content, row.LastSequence, row.Deltas, row.TimeToFirstTokenMs!.Value, row.DurationMs!.Value));
        Assert.Equal("calculate", Assert.Single(AttemptMapping.ToolCallsOf(row)).Name);
    }

    [Fact]
    public void ARowStillStreaming_HasNoOutcome_AndIsInterruptedWhenNothingRunsIt()
    {
        var row = new AttemptEntity { Status = "streaming", Content = "half" };

        Assert.Null(AttemptMapping.OutcomeOf(row));
        Assert.Equal(FailureKind.Interrupted, AttemptMapping.FinalOutcomeOf(row).Failure);
    }
}
