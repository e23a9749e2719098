using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// A browser that cannot keep up (its main thread is busy) must get fewer, larger frames, never a backlog
/// of stale ones: the server holds the next frame until the browser acknowledged the last, and that next
/// frame carries all the text that arrived meanwhile.
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class BackpressureTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "150",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Fact]
    public async Task StalledBrowser_GetsOneCatchUpFrame_NotABacklog()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.StartFrameLogAsync();
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(reply.Locator("[data-testid=message-content]")).ToContainTextAsync("Planning");

        // Block the page's main thread for 1.5 s, as a slow device or a heavy tab would.
        var stallEnd = await page.EvaluateAsync<double>("() => { const end = performance.now() + 1500; while (performance.now() < end) {} return performance.now(); }");
        await page.WaitForTimeoutAsync(700);
        await page.Keyboard.PressAsync("Escape");

        var log = await page.ReadFrameLogAsync();
        var before = log.Last(r => r.T < stallEnd);
        var after = log.Where(r => r.T >= stallEnd && r.Frames > before.Frames).ToList();
        foreach (var r in after.Take(6))
        {
            output.WriteLine($"  +{r.T - stallEnd,6:F1} ms  frame {r.Frames}  {r.Length} chars");
        }
        // A backlog would replay up to Blazor's 10 buffered (stale) batches, each a few characters more,
        // before the text caught up. With the acknowledgement gate only the frame in flight during the
        // stall precedes the one that carries everything that arrived meanwhile.
        var frames = after.GroupBy(r => r.Frames).Select(g => g.Last()).ToList();
        var catchUp = frames.FindIndex(r => r.Length - before.Length >= 300);
        output.WriteLine($"after a 1.5 s stall: frame #{catchUp + 1} after the stall caught up (+{(catchUp >= 0 ? frames[catchUp].Length - before.Length : 0)} chars)");

        Assert.True(catchUp >= 0, "the text never caught up after the stall");
        Assert.True(catchUp <= 1, $"{catchUp} stale frame(s) were replayed before the text caught up");
    }
}
