using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;

namespace ChatApp.Tests.Streaming.Log;

public sealed class AnswerViewTests
{
    private static T At<T>(T e, long sequence) where T : AnswerEvent => e with { Sequence = sequence };

    [Fact]
    public void Events_BuildTheAnswer_PendingThenStreamingThenTheOutcome()
    {
        var view = new AnswerView();
        view.Apply(At(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null), 1));
        Assert.Equal(GenerationStatus.Pending, view.Status);

        view.Apply(At(new StatusChanged("Backup", "Primary is busy", false), 2));
        view.Apply(At(new TextAppended("Hello "), 3));
        Assert.Equal((GenerationStatus.Streaming, "Backup", "Primary is busy"), (view.Status, view.ProviderName, view.StatusLine));

        view.Apply(At(new TextAppended("world"), 4));
        view.Apply(At(new AnswerEnded(StreamOutcome.Stopped(StopReason.User), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 2), 5));

        Assert.Equal(("Hello world", GenerationStatus.Stopped, 5L), (view.Text, view.Status, view.Sequence));
    }

    [Fact]
    public void WithoutText_CountsTheTextAndKeepsNone()
    {
        var view = AnswerView.WithoutText();
        view.Apply(At(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "Part ", [], null), 1));
        view.Apply(At(new TextAppended("one"), 2));
        view.Apply(At(new TextAppended("one"), 2)); // already applied: not counted twice

        Assert.Equal((8, GenerationStatus.Streaming), (view.Length, view.Status));
        Assert.Throws<InvalidOperationException>(() => view.Text);
    }

    [Fact]
    public void AnEventAlreadyApplied_IsIgnored_AndAGapIsAnError()
    {
        var view = new AnswerView();
        view.Apply(At(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null), 1));
        view.Apply(At(new TextAppended("a"), 2));

        Assert.False(view.Apply(At(new TextAppended("a"), 2)));
        Assert.Equal("a", view.Text);
        Assert.Throws<InvalidOperationException>(() => view.Apply(At(new TextAppended("c"), 4)));
    }

    [Fact]
    public void ToolCards_AreReplacedByTheirRoundAndIndex_CopyOnWrite()
    {
        var view = new AnswerView();
        view.Apply(At(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "", [], null), 1));
        var running = new ToolCallView(0, 0, "c1", "calculate", "{}", ToolCallState.Running, null, 0);
        view.Apply(At(new ToolCallChanged(running), 2));
        var before = view.ToolCalls;

        view.Apply(At(new ToolCallChanged(running with { State = ToolCallState.Complete, Result = "2" }), 3));

        Assert.NotSame(before, view.ToolCalls);
        Assert.Equal((ToolCallState.Complete, "2"), (Assert.Single(view.ToolCalls).State, view.ToolCalls[0].Result));
        Assert.Equal(GenerationStatus.Streaming, view.Status); // a first tool call is the first token
    }

    [Fact]
    public void FromCheckpoint_ThenTheLogAfterIt_EqualsTheWholeLog()
    {
        var events = new AnswerEvent[]
        {
            At(new AnswerStarted("Model", DateTimeOffset.UnixEpoch, "Before. ", [], null), 1),
            At(new TextAppended("One. "), 2),
            At(new TextAppended("Two. "), 3),
            At(new TextAppended("Three."), 4),
        };
        var whole = new AnswerView();
        whole.Apply(events);
        var stored = new AnswerView();
        stored.Apply(events[..2]);

        var resumed = AnswerView.FromCheckpoint(stored.Text, stored.ToolCalls, stored.Sequence, stored.ProviderName);
        resumed.Apply(events); // a reader re-reading from the start skips what the checkpoint holds

        Assert.Equal(whole.Text, resumed.Text);
        Assert.Equal(4, resumed.Sequence);
    }
}
