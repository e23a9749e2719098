namespace ChatApp.Tests.TestSupport;

/// <summary>Waits (in real time, briefly) for background work that the test has already made possible to be observed.</summary>
public static class Eventually
{
    public static void True(Func<bool> condition, string because, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail($"Timed out waiting: {because}");
            }
            Thread.Sleep(2);
        }
    }
}
