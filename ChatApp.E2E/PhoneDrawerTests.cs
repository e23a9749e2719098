using ChatApp.E2E.Infrastructure;
using Deque.AxeCore.Playwright;

namespace ChatApp.E2E;

/// <summary>On a phone (390×844) the conversation list is a drawer: past conversations and New chat are one tap away.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class PhoneDrawerTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "400",
        ["Chat:Simulated:FirstTokenDelayMs"] = "20",
    };

    [Fact]
    public async Task TheDrawer_Opens_ListsConversations_StartsANewChat_AndOpensAnOldOne()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, width: 390, height: 844);
        await page.SendAsync("/echo remember me on a phone");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        var list = page.Locator("[data-testid=conversation-list]");
        await Assertions.Expect(list).ToBeHiddenAsync();

        var toggle = page.Locator("[data-testid=sidebar-toggle]");
        await toggle.ClickAsync();
        await Assertions.Expect(list).ToBeVisibleAsync();
        await Assertions.Expect(list.Locator("[data-testid=conversation-item]")).ToHaveTextAsync(["/echo remember me on a phone"]);
        Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        await Screenshots.SaveAsync(page, "phone-drawer.png");
        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical").Select(v => v.Id).ToList();
        Assert.Empty(violations);

        await list.Locator("[data-testid=new-chat]").ClickAsync();
        await Assertions.Expect(list).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveCountAsync(0);

        await toggle.ClickAsync();
        await list.Locator("[data-testid=conversation-item]").ClickAsync();
        await Assertions.Expect(list).ToBeHiddenAsync();
        await Assertions.Expect(page.LastAssistantMessage().Locator("[data-testid=message-content]")).ToHaveTextAsync("remember me on a phone");
    }

    [Fact]
    public async Task OnAWideScreen_TheListIsAlwaysThere_AndTheToggleIsNotShown()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        await Assertions.Expect(page.Locator("[data-testid=conversation-list]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=sidebar-toggle]")).ToBeHiddenAsync();
    }
}
