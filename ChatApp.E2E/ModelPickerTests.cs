using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The model picker chooses the provider entry for the next message; the reply says who answered.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ModelPickerTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Providers:0:Name"] = "Fast",
        ["Chat:Providers:0:Kind"] = "simulated",
        ["Chat:Providers:1:Name"] = "Careful",
        ["Chat:Providers:1:Kind"] = "simulated",
        ["Chat:Simulated:TokensPerSecond"] = "400",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
    };

    [Fact]
    public async Task ChoosingAModel_TheNextReplyComesFromIt_AndSaysSo()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var picker = page.Locator("[data-testid=model-picker]");
        Assert.Equal(["Fast", "Careful"], await picker.Locator("option").AllInnerTextsAsync());

        await picker.SelectOptionAsync(new SelectOptionValue { Label = "Careful" });
        await Assertions.Expect(page.Locator("[data-testid=composer-input]")).ToHaveAttributeAsync("placeholder", "Message Careful…");
        await page.SendAsync("/echo hello");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        await Assertions.Expect(reply.Locator(".message-meta")).ToContainTextAsync("Careful");
    }

    [Fact]
    public async Task TwoSimulatedProviders_BusyPrimaryIsAnsweredByTheSecond()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/529 hello");
        var reply = page.LastAssistantMessage();

        await reply.WaitForStatusAsync("complete");

        await Assertions.Expect(reply.Locator(".message-meta")).ToContainTextAsync("Careful");
    }
}
