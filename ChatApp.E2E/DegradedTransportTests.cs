using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Behind a proxy that blocks WebSockets the circuit falls back to long polling and still streams.</summary>
[Collection(E2ECollection.Name)]
public sealed class DegradedTransportTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly AppHost _app = new(new Dictionary<string, string?>
    {
        ["Chat:Simulated:TokensPerSecond"] = "120",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    });

    [Fact]
    public async Task WithoutWebSockets_TheCircuitUsesLongPolling_AndStillStreamsInManyFrames()
    {
        var webSocketsUsed = false;
        var page = await browser.OpenChatAsync(_app.BaseUrl, initScript: "Object.defineProperty(window, 'WebSocket', { value: undefined });");
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

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
    }
}
