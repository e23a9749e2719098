using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Stopping an answer: by button and by Esc, the partial text stays and the status is <c>stopped</c>.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class StopTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "60",
        ["Chat:Simulated:FirstTokenDelayMs"] = "200",
    };

    [Theory]
    [InlineData("button")]
    [InlineData("escape")]
    public async Task Stop_KeepsPartialText_StatusStopped_AndTheTextNoLongerGrows(string how)
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        var content = reply.Locator("[data-testid=message-content]");
        await Assertions.Expect(content).ToContainTextAsync("Planning");

        if (how == "button")
        {
            await page.Locator("[data-testid=stop-button]").ClickAsync();
        }
        else
        {
            await page.Keyboard.PressAsync("Escape");
        }
        await reply.WaitForStatusAsync("stopped");

        var stoppedText = await content.TextContentAsync();
        Assert.Contains("A complete guide", stoppedText);
        await page.WaitForTimeoutAsync(500);
        Assert.Equal(stoppedText, await content.TextContentAsync());
        Assert.Equal(0, await reply.Locator("[data-testid=stream-cursor]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=stop-button]").CountAsync());
        await Assertions.Expect(page.Locator("[data-testid=send-button]")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Stop_WhilePending_LeavesAnEmptyStoppedMessage_AndComposerIsUsableAgain()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/slow why is the sky blue");
        var reply = page.LastAssistantMessage();
        await reply.Locator("[data-testid=thinking-indicator]").WaitForAsync();

        await page.Locator("[data-testid=stop-button]").ClickAsync();
        await reply.WaitForStatusAsync("stopped");

        Assert.Equal(0, await reply.Locator("[data-testid=thinking-indicator]").CountAsync());
        await page.SendAsync("/echo again");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        Assert.Equal("again", await page.LastAssistantMessage().Locator("[data-testid=message-content]").InnerTextAsync());
    }
}
