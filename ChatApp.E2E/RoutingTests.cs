using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Multi-model routing: a classifier picks the provider, and the status line says each step.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class RoutingTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Providers:0:Name"] = "Fast",
        ["Chat:Providers:0:Kind"] = "simulated",
        ["Chat:Providers:1:Name"] = "Coder",
        ["Chat:Providers:1:Kind"] = "simulated",
        ["Chat:Routing:Classifier"] = "0",
        ["Chat:Routing:Routes:general"] = "0",
        ["Chat:Routing:Routes:code"] = "1",
        ["Chat:Simulated:FirstTokenDelayMs"] = "600",
        ["Chat:Simulated:TokensPerSecond"] = "60",
    };

    [Fact]
    public async Task CodeRequest_IsAnalyzedThenGeneratedByTheCoder_WithStatusLineSteps()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/code please");
        var reply = page.LastAssistantMessage();
        var status = reply.Locator("[data-testid=status-line]");

        await Assertions.Expect(status).ToHaveTextAsync("Analyzing your request…");
        await Assertions.Expect(status).ToHaveTextAsync("Generating with Coder…");
        await Assertions.Expect(reply.Locator(".message-meta")).ToContainTextAsync("Coder");
        await page.Keyboard.PressAsync("Escape");
        await reply.WaitForStatusAsync("stopped");
    }
}
