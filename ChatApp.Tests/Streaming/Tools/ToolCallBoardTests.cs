using ChatApp.Streaming.Tools;

namespace ChatApp.Tests.Streaming.Tools;

public sealed class ToolCallBoardTests
{
    [Fact]
    public void Stream_FirstFragment_CreatesARunningCardWhereTheTextIs()
    {
        var board = new ToolCallBoard();

        Assert.True(board.Stream(round: 0, index: 0, "call_a", "get_current_time", null, textOffset: 42));

        var card = Assert.Single(board.Calls);
        Assert.Equal(("call_a", "get_current_time", "", ToolCallState.Running, 42), (card.CallId, card.Name, card.Arguments, card.State, card.TextOffset));
    }

    [Fact]
    public void Stream_LaterFragments_GrowTheArguments_AndKeepTheFirstIdAndName()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "call_a", "calculate", null, 0);

        board.Stream(0, 0, null, null, "{\"expres", 99);
        board.Stream(0, 0, "other", "renamed", "sion\":\"1+1\"}", 99);

        var card = Assert.Single(board.Calls);
        Assert.Equal(("call_a", "calculate", "{\"expression\":\"1+1\"}", 0), (card.CallId, card.Name, card.Arguments, card.TextOffset));
    }

    [Fact]
    public void Complete_OutOfOrder_EachCardEndsWhenItsOwnResultArrives()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "slow", "start_timer", "{}", 10);
        board.Stream(0, 1, "fast", "get_current_time", "{}", 10);

        Assert.True(board.Complete(0, 1, "10:00 in Asia/Tokyo"));
        Assert.Equal([ToolCallState.Running, ToolCallState.Complete], board.Calls.Select(c => c.State));

        Assert.True(board.Complete(0, 0, "The tea timer went off"));
        Assert.Equal([ToolCallState.Complete, ToolCallState.Complete], board.Calls.Select(c => c.State));
        Assert.Equal(["The tea timer went off", "10:00 in Asia/Tokyo"], board.Calls.Select(c => c.Result));
    }

    [Fact]
    public void End_IsFinal_ALaterEndOrFragmentChangesNothing()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "a", "get_weather", "{}", 0);
        Assert.True(board.Fail(0, 0, "unknown tool 'get_weather'"));

        Assert.False(board.Complete(0, 0, "sunny"));
        Assert.False(board.Stream(0, 0, null, null, "more", 0));
        Assert.False(board.FailRunning("stopped"));

        var card = Assert.Single(board.Calls);
        Assert.Equal((ToolCallState.Error, "unknown tool 'get_weather'", "{}"), (card.State, card.Result, card.Arguments));
    }

    [Fact]
    public void SameIndex_InALaterRound_IsANewCard()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "a", "get_current_time", "{}", 0);
        board.Complete(0, 0, "noon");

        board.Stream(1, 0, "b", "get_current_time", "{}", 30);

        Assert.Equal([(0, ToolCallState.Complete), (1, ToolCallState.Running)], board.Calls.Select(c => (c.Round, c.State)));
    }

    [Fact]
    public void End_OfAnUnknownCall_IsIgnored()
    {
        var board = new ToolCallBoard();

        Assert.False(board.Complete(3, 7, "result"));
        Assert.Empty(board.Calls);
    }

    [Fact]
    public void FailRunning_EndsOnlyTheCardsStillRunning()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "a", "calculate", "{}", 0);
        board.Stream(0, 1, "b", "start_timer", "{}", 0);
        board.Complete(0, 0, "2");

        Assert.True(board.FailRunning("Stopped before it finished."));

        Assert.Equal([(ToolCallState.Complete, "2"), (ToolCallState.Error, "Stopped before it finished.")], board.Calls.Select(c => (c.State, c.Result)));
    }

    [Fact]
    public void Calls_AreCopyOnWrite_AnEarlierListNeverChanges_AndANoOpKeepsTheList()
    {
        var board = new ToolCallBoard();
        board.Stream(0, 0, "a", "calculate", "{}", 0);
        var before = board.Calls;

        board.Complete(0, 0, "2");
        var after = board.Calls;
        board.Complete(0, 0, "3"); // already ended: no change

        Assert.Equal(ToolCallState.Running, Assert.Single(before).State);
        Assert.NotSame(before, after);
        Assert.Same(after, board.Calls);
    }

    [Theory]
    [InlineData(ToolCallState.Running, "running")]
    [InlineData(ToolCallState.Complete, "complete")]
    [InlineData(ToolCallState.Error, "error")]
    public void ContractValue_IsExactlyTheDocumentedOne(ToolCallState state, string expected) =>
        Assert.Equal(expected, state.ToContractValue());
}
