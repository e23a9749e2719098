using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>The browser's frame telemetry for a long answer reaches the server once. Run alone: it reads the meters every app in this process shares.</summary>
[Collection(E2ECollection.Alone)]
public sealed class FrameTelemetryTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "300",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Fact]
    public async Task LongAnswer_BrowserReportsFrameTelemetryOnce_ServerRecordsIt()
    {
        using var metrics = new BrowserFrameMetricsRecorder();

        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
        await metrics.WaitForReportAsync(TimeSpan.FromSeconds(10));

        var sorted = metrics.ApplyTimesSorted();
        output.WriteLine($"15k-char answer: {metrics.Frames} frames reported, {metrics.LateFrames} late animation frames, apply p50 {sorted.ElementAtOrDefault(sorted.Length / 2):F1} ms, max {sorted.LastOrDefault():F1} ms");
        Assert.True(metrics.Frames > 50, $"only {metrics.Frames} frames reported");
        Assert.NotEmpty(sorted);
    }
}
