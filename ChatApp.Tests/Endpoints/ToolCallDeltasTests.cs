using ChatApp.Endpoints;
using ChatApp.Streaming.Tools;

namespace ChatApp.Tests.Endpoints;

public sealed class ToolCallDeltasTests
{
    private static ToolCallView Call(int index, string name, string arguments) =>
        new(0, index, $"call_{index}", name, arguments, ToolCallState.Running, null, 0);

    [Fact]
    public void NoCalls_OrNothingNew_IsNull()
    {
        var deltas = new ToolCallDeltas();

        Assert.Null(deltas.Next([]));
        Assert.NotNull(deltas.Next([Call(0, "time", "{}")]));
        Assert.Null(deltas.Next([Call(0, "time", "{}")])); // sent already: no empty tool_calls delta
        Assert.Null(deltas.Next([Call(1, "", "")]));        // no name yet: nothing to send
    }

    [Fact]
    public void ACall_IsSentWhole_ThenOnlyItsNewArgumentText()
    {
        var deltas = new ToolCallDeltas();

        var first = deltas.Next([Call(0, "time", "{\"zo")])!;
        var next = deltas.Next([Call(0, "time", "{\"zone\":\"UTC\"}")])!;

        var whole = Assert.Single(first)!;
        Assert.Equal(0, (int)whole["index"]!);
        Assert.Equal("call_0", (string?)whole["id"]);
        Assert.Equal("function", (string?)whole["type"]);
        Assert.Equal("time", (string?)whole["function"]!["name"]);
        Assert.Equal("{\"zo", (string?)whole["function"]!["arguments"]);
        var rest = Assert.Single(next)!;
        Assert.Null(rest["id"]);
        Assert.Equal("ne\":\"UTC\"}", (string?)rest["function"]!["arguments"]);
    }
}
