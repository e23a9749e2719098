using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>Screenshots of an answer mid-stream and after, on a desktop and a phone, for a designer to look at.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class StreamingScreenshotTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    // Slow enough (~10 s for this answer) that the page is still streaming when the mid-stream screenshot is taken,
    // even when a busy browser applies several frames at once; at a fast pace the answer could be over by then.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "45",
        ["Chat:Simulated:FirstTokenDelayMs"] = "200",
    };

    [Fact]
    public async Task Screenshots_MidStreamAndAfter()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("How do I keep a chat UI smooth while it streams?");
        var reply = page.LastAssistantMessage();
        // Mid-stream: the checklist has started, the code block and the table are still to come.
        await reply.Locator("[data-testid=message-content] li").First.WaitForAsync();
        Assert.Equal("streaming", await reply.GetAttributeAsync("data-status"));
        await Screenshot(page, "streaming-mid.png");
        await reply.WaitForStatusAsync("complete", 60_000);
        await Screenshot(page, "streaming-complete.png");
        await page.SetViewportSizeAsync(390, 844);
        await Screenshot(page, "streaming-complete-phone.png");
    }

    private async Task Screenshot(IPage page, string name) => output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, name)}");
}
