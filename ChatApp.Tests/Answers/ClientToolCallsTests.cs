using ChatApp.Answers;
using ChatApp.Streaming;

namespace ChatApp.Tests.Answers;

public sealed class ClientToolCallsTests
{
    [Fact]
    public async Task ARoundEndingInToolCalls_HandsEveryCallOnComplete_BeforeTheFinish()
    {
        AnswerUpdate[] model =
        [
            new ToolCallDelta(0, 0, "a", "get_weather", "{}"),
            new ToolCallDelta(0, 1, "b", "get_time", "{}"),
            new FinishUpdate(FinishReasons.ToolCalls),
        ];

        var updates = await ClientToolCalls.HandOn(model.ToAsyncEnumerable(), CancellationToken.None).ToListAsync();

        Assert.Equal([new ToolCallResult(0, 0, true, ClientToolCalls.HandedOn), new ToolCallResult(0, 1, true, ClientToolCalls.HandedOn)],
            updates.OfType<ToolCallResult>());
        Assert.IsType<FinishUpdate>(updates[^1]);
    }
}
