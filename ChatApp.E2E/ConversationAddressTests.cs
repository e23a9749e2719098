using ChatApp.E2E.Infrastructure;
using ChatApp.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ChatApp.E2E;

/// <summary>
/// A new conversation gets its address once it is stored, however slow the store: whoever follows the address at
/// once (a reload, a shared link, an export) finds the conversation.
/// </summary>
[Collection(E2ECollection.LaneB)]
public sealed class ConversationAddressTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromSeconds(1);
    private AppHost _app = null!;

    // Every save takes a second longer: storage falls behind the page, as on a busy database.
    private sealed class SlowSaves : SaveChangesInterceptor
    {
        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            await Task.Delay(SaveDelay, cancellationToken);
            return result;
        }
    }

    public Task InitializeAsync()
    {
        _app = new AppHost(new Dictionary<string, string?> { ["Chat:Simulated:FirstTokenDelayMs"] = "50" },
            services => services.ConfigureDbContext<ChatDbContext>(options => options.AddInterceptors(new SlowSaves())));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ANewConversationsAddress_IsGivenOnceItIsStored_SoExportingItAtOnceFindsIt()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("/echo stored before its address");
        await page.WaitForConversationAddressAsync(_app);
        var id = page.Url.Split("/c/")[1];

        var export = await page.APIRequest.GetAsync($"{_app.BaseUrl}/api/conversations/{id}/export.md");

        Assert.Equal(200, export.Status);
        Assert.Contains("/echo stored before its address", await export.TextAsync());
    }

    [Fact]
    public async Task ASecondTab_OpeningTheNewAddressAtOnce_FollowsTheAnswer_NeverAnAnswerWithoutARow()
    {
        // Streams for several seconds more than the saves take: the second tab opens while it still runs.
        var words = string.Join(' ', Enumerable.Range(1, 400).Select(i => $"w{i}"));
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync($"/echo {words}");
        await page.WaitForConversationAddressAsync(_app);

        var second = await page.Context.NewPageAsync();
        await second.GotoAsync(page.Url);
        await second.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        var followed = second.LastAssistantMessage();
        Assert.NotEqual("error", await followed.GetAttributeAsync("data-status")); // the row was there when it loaded
        await followed.WaitForStatusAsync("complete", 60_000);

        Assert.Equal(words, (await followed.Locator("[data-testid=message-content]").InnerTextAsync()).Trim());
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
    }

    [Fact]
    public async Task TheDrawer_OpenedBeforeTheNewConversationGetsItsAddress_StaysOpenWhenTheAddressComes()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl, width: 390, height: 844);
        await page.SendAsync("/echo open the drawer now");
        var toggle = page.Locator("[data-testid=sidebar-toggle]");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        Assert.DoesNotContain("/c/", page.Url); // storage is still behind: the address has not come yet

        await page.WaitForConversationAddressAsync(_app);

        // The page re-renders for its new address a round trip later: the drawer must still be open after it.
        for (var i = 0; i < 10; i++)
        {
            await page.WaitForTimeoutAsync(100);
            Assert.Equal("true", await toggle.GetAttributeAsync("aria-expanded"));
        }
        await Assertions.Expect(page.Locator("[data-testid=conversation-list]")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
    }
}
