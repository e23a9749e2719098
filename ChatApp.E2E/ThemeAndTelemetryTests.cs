using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using ChatApp.E2E.Infrastructure;
using ChatApp.Telemetry;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>Light and dark themes on a phone and a desktop, and the browser's frame telemetry reaching the server.</summary>
[Collection(E2ECollection.Name)]
public sealed class ThemeAndTelemetryTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "300",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Theory]
    [InlineData("light", 390, 844)]
    [InlineData("dark", 390, 844)]
    [InlineData("light", 1280, 800)]
    [InlineData("dark", 1280, 800)]
    public async Task Screenshots_MidStreamAndAfter_InBothThemes(string theme, int width, int height)
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, width, height);
        if (theme == "dark")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        }
        await Assertions.Expect(page.Locator($"[data-theme={theme}]")).ToHaveCountAsync(1);
        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        // Mid-stream: the first code block is there (the screenshot shows the stream in progress, not a count).
        await reply.Locator("[data-testid=code-block]").First.WaitForAsync(new() { Timeout = 20_000 });
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, $"theme-{theme}-{width}x{height}-streaming.png")}");
        await reply.WaitForStatusAsync("complete", 30_000);
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, $"theme-{theme}-{width}x{height}-complete.png")}");

        // Long code lines scroll inside their block, never the page.
        var pageScrollsSideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
        Assert.False(pageScrollsSideways, "the page scrolls horizontally");
    }

    [Fact]
    public async Task LongAnswer_BrowserReportsFrameTelemetryOnce_ServerRecordsIt()
    {
        var applyTimes = new ConcurrentBag<double>();
        var lateFrames = 0L;
        var frames = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == BrowserFrameMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => applyTimes.Add(value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "chatapp.browser.late_frames") Interlocked.Add(ref lateFrames, value);
            if (instrument.Name == "chatapp.browser.frames") Interlocked.Add(ref frames, value);
        });
        listener.Start();

        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Interlocked.Read(ref frames) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var sorted = applyTimes.Order().ToArray();
        output.WriteLine($"15k-char answer: {frames} frames reported, {lateFrames} late animation frames, apply p50 {sorted.ElementAtOrDefault(sorted.Length / 2):F1} ms, max {sorted.LastOrDefault():F1} ms");
        Assert.True(Interlocked.Read(ref frames) > 50, $"only {frames} frames reported");
        Assert.NotEmpty(sorted);
    }
}
