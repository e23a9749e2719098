using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Behind a proxy that blocks WebSockets the circuit falls back to long polling and still streams.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class DegradedTransportTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "120",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Fact]
    public async Task WithoutWebSockets_TheCircuitUsesLongPolling_AndStillStreamsInManyFrames()
    {
        var webSocketsUsed = false;
        var page = await Browser.OpenChatAsync(App.BaseUrl, initScript: "Object.defineProperty(window, 'WebSocket', { value: undefined });");
        page.WebSocket += (_, _) => webSocketsUsed = true;
        await page.StartFrameLogAsync();

        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete", 30_000);

        var lengths = (await page.ReadFrameLogAsync()).Where(r => r.Status == "streaming").Select(r => r.Length).Distinct().Count();
        Assert.False(webSocketsUsed);
        Assert.True(lengths >= 5, $"only {lengths} distinct lengths over long polling");
        Assert.Contains("EventCounter", await reply.Locator("[data-testid=message-content]").InnerTextAsync());
    }
}
