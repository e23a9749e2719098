using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.TestSupport;

/// <summary>Asserts that a wait on a fake clock ends exactly when it should: not a millisecond before, and then.</summary>
public static class FakeClockAssert
{
    public static async Task CompletesAfterAsync(FakeTimeProvider time, Task wait, int milliseconds)
    {
        time.Advance(TimeSpan.FromMilliseconds(milliseconds - 1));
        await Task.Yield();
        Assert.False(wait.IsCompleted, $"completed before {milliseconds} ms had passed");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await wait.WaitAsync(TimeSpan.FromSeconds(5)); // some waiters are resumed through the thread pool
    }
}
