using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>Light and dark themes on a phone and a desktop, mid-stream and after (the browser's frame telemetry: <see cref="FrameTelemetryTests"/>).</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ThemeTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
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
}
