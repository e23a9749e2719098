using ChatApp.Streaming;

namespace ChatApp.Tests.Streaming;

public sealed class PendingTextTests
{
    private readonly PendingText _pending = new();

    [Fact]
    public void AFrameOfOneDelta_PassesItsStringOnAsItCame()
    {
        var token = string.Concat("to", "ken"); // not an interned literal: identity is what is proved
        _pending.Append(token);

        Assert.Equal(5, _pending.Length);
        Assert.Same(token, _pending.Take());
        Assert.Equal(0, _pending.Length);
    }

    [Fact]
    public void AFrameOfSeveralDeltas_IsJoinedInOrder_AndTheNextFrameStartsEmpty()
    {
        _pending.Append("one ");
        _pending.Append("two ");
        _pending.Append("three");

        Assert.Equal("one two three", _pending.ToString());
        Assert.Equal(13, _pending.Length);
        Assert.Equal("one two three", _pending.Take());

        _pending.Append("four");
        Assert.Equal("four", _pending.Take());
        Assert.Equal("", _pending.Take());
    }
}
