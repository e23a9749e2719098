using ChatApp.Streaming;

namespace ChatApp.Tests.Streaming;

public sealed class ReusableSignalTests
{
    [Fact]
    public async Task Set_WhileNobodyWaits_CompletesOnlyTheNextWait()
    {
        var signal = new ReusableSignal();
        signal.Set();
        signal.Set(); // sets collapse: "read again" once is enough

        Assert.True(signal.WaitAsync().IsCompleted);
        var next = signal.WaitAsync();
        Assert.False(next.IsCompleted);
        signal.Set();
        await next.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Wait_ReusedForManyWaitsInARow_CompletesEach()
    {
        var signal = new ReusableSignal();
        for (var i = 0; i < 1000; i++)
        {
            var wait = signal.WaitAsync();
            _ = Task.Run(signal.Set);
            await wait.AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        }
    }
}
