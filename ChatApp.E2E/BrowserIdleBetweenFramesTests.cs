using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// Between two frames of a stream the page does no rendering work of its own: nothing of ours asks for an animation
/// frame except a frame's own arrival, so a slow stream (or a busy server spacing frames out) costs the browser what
/// its frames cost, not 60 renders a second. Late frames are still counted (the Long Animation Frames API).
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class BrowserIdleBetweenFramesTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "8",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    // Counts every requestAnimationFrame request the page makes (Blazor's, ours, MudBlazor's).
    private const string CountAnimationFrameRequests = """
        window.__rafRequests = 0;
        const request = window.requestAnimationFrame.bind(window);
        window.requestAnimationFrame = (callback) => { window.__rafRequests++; return request(callback); };
        """;

    [Fact]
    public async Task SlowStream_PageAsksForAnimationFramesOnlyWhenAFrameArrives()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, initScript: CountAnimationFrameRequests);
        await page.SendAsync("/long");
        var content = page.LastAssistantMessage().Locator("[data-testid=message-content]");
        await page.LastAssistantMessage().WaitForStatusAsync("streaming", 20_000);
        await Assertions.Expect(content).Not.ToHaveTextAsync("", new() { Timeout = 20_000 });

        var (framesBefore, requestsBefore) = await CountsAsync(page);
        await Task.Delay(3_000);
        var (framesAfter, requestsAfter) = await CountsAsync(page);
        var (frames, requests) = (framesAfter - framesBefore, requestsAfter - requestsBefore);
        output.WriteLine($"3 s of an 8-token/s stream: {frames} frames, {requests} animation-frame requests");

        Assert.True(frames >= 5, $"only {frames} frames in 3 s of streaming");
        // Per frame: the scroll pin's and the telemetry's after-layout reads. A loop would ask ~180 times in 3 s.
        Assert.True(requests <= 3 * frames + 6, $"{requests} animation-frame requests for {frames} frames: something renders between frames");
        await page.Locator("[data-testid=stop-button]").ClickAsync();
        await page.LastAssistantMessage().WaitForStatusAsync("stopped");
    }

    [Fact]
    public async Task LongFrameWhileStreaming_IsReportedAsLate()
    {
        using var metrics = new BrowserFrameMetricsRecorder();

        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo " + string.Join(' ', Enumerable.Repeat("word", 24))); // ~48 tokens: ~6 s at 8 a second
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("streaming", 20_000);
        // Two long tasks that each hold a frame well past 50 ms, while the answer streams.
        for (var i = 0; i < 2; i++)
        {
            await page.EvaluateAsync("() => new Promise((resolve) => requestAnimationFrame(() => { const end = performance.now() + 150; while (performance.now() < end) {} resolve(); }))");
            await Task.Delay(100);
        }
        await reply.WaitForStatusAsync("complete", 60_000);
        await metrics.WaitForReportAsync(TimeSpan.FromSeconds(10));

        output.WriteLine($"late frames reported: {metrics.LateFrames}");
        Assert.True(metrics.Reports >= 1, "no frame report arrived");
        Assert.True(metrics.LateFrames >= 2, $"{metrics.LateFrames} late frames reported for two 150 ms frames");
    }

    private static async Task<(long Frames, long Requests)> CountsAsync(IPage page)
    {
        var counts = await page.EvaluateAsync<long[]>("""
            () => [Number([...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop()?.dataset.frames ?? 0),
                   window.__rafRequests]
            """);
        return (counts[0], counts[1]);
    }
}
