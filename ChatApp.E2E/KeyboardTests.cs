using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The composer from the keyboard alone.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class KeyboardTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "400",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
    };

    [Fact]
    public async Task ShiftEnterAddsALine_EnterSends_SendDisabledWhileEmpty_FocusStays()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var input = page.Locator("[data-testid=composer-input]");
        await Assertions.Expect(page.Locator("[data-testid=send-button]")).ToBeDisabledAsync();

        await input.ClickAsync();
        await page.Keyboard.TypeAsync("/echo first line");
        await page.Keyboard.PressAsync("Shift+Enter");
        await page.Keyboard.TypeAsync("second line");
        Assert.Equal("/echo first line\nsecond line", await input.InputValueAsync());
        await page.Keyboard.PressAsync("Enter");

        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");
        Assert.Equal("/echo first line\nsecond line", await page.Locator("[data-testid=message][data-role=user]").Last.InnerTextAsync());
        Assert.Equal("", await input.InputValueAsync());
        Assert.True(await input.EvaluateAsync<bool>("e => document.activeElement === e"), "focus left the composer");
    }

    [Fact]
    public async Task ArrowUpInAnEmptyComposer_BringsBackTheLastPrompt()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo remember me");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        var input = page.Locator("[data-testid=composer-input]");

        await input.FocusAsync();
        await page.Keyboard.PressAsync("ArrowUp");

        await Assertions.Expect(input).ToHaveValueAsync("/echo remember me");
        await page.Keyboard.TypeAsync(" again");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.LastAssistantMessage().Locator("[data-testid=message-content]")).ToHaveTextAsync("remember me again");
    }

    [Fact]
    public async Task EveryControl_IsReachableWithTab_AndShowsFocus()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/error 5 hello");
        await page.LastAssistantMessage().WaitForStatusAsync("error");

        var reached = new HashSet<string>();
        for (var i = 0; i < 60 && !(reached.Contains("retry-button") && reached.Contains("continue-button") && reached.Contains("composer-input")); i++)
        {
            await page.Keyboard.PressAsync("Tab");
            // Buttons show an outline; the composer's rounded box takes the primary colour instead.
            var focused = await page.EvaluateAsync<string[]>("""
                () => { const e = document.activeElement;
                        const ring = e.closest('.composer-box') ? getComputedStyle(e.closest('.composer-box')).borderTopColor : getComputedStyle(e).outlineStyle;
                        return [e.dataset.testid || e.getAttribute('aria-label') || e.tagName, ring]; }
                """);
            reached.Add(focused[0]);
            if (focused[0] is "retry-button" or "continue-button")
            {
                Assert.NotEqual("none", focused[1]);
            }
            if (focused[0] is "composer-input")
            {
                Assert.Equal("rgb(58, 91, 217)", focused[1]);
            }
        }

        Assert.Contains("retry-button", reached);
        Assert.Contains("continue-button", reached);
        Assert.Contains("composer-input", reached);
    }
}
