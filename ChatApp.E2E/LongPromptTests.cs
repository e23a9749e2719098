using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>
/// Long prompts in the page: the draft lives in the textarea and is read through a stream when sent, so a pasted
/// 100,000-character log goes through whole and a longer one gets a note — never a dead connection.
/// </summary>
[Collection(E2ECollection.LaneB)]
public sealed class LongPromptTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "400",
        ["Chat:Simulated:FirstTokenDelayMs"] = "20",
    };

    // A pasted log of exactly `length` characters, ending in a marker.
    private static string Log(int length)
    {
        var line = "2026-11-29T15:05:25Z INFO request served in 12 ms\n";
        var text = string.Concat(Enumerable.Repeat(line, length / line.Length + 1));
        return "What went wrong here?\n" + text[..(length - "What went wrong here?\n".Length - 4)] + "DONE";
    }

    // A paste: the text lands in the composer at once, with one input event. (Playwright's FillAsync types it through
    // Chromium's insertText, which takes ~16 s for 108,000 characters in any textarea, a plain one too.)
    private static Task PasteAsync(ILocator input, string text) =>
        input.EvaluateAsync("(el, text) => { el.focus(); el.value = text; el.dispatchEvent(new Event('input', { bubbles: true })); }", text);

    private static ILocator LastPrompt(IPage page) => page.Locator("[data-testid=message][data-role=user] [data-testid=message-content]").Last;

    [Fact]
    public async Task AHundredThousandCharacterPrompt_IsSentWhole_AndAnswered()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var prompt = Log(100_000);

        await PasteAsync(page.Locator("[data-testid=composer-input]"), prompt);
        await page.Locator("[data-testid=send-button]").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=message][data-role=assistant]")).ToHaveCountAsync(1);
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
        var sent = await LastPrompt(page).InnerTextAsync();
        Assert.Equal(prompt.Length, sent.Length);
        Assert.EndsWith("DONE", sent);
        Assert.Equal("true", await page.Locator("[data-testid=chat]").GetAttributeAsync("data-interactive"));
        Assert.Equal("", await page.Locator("[data-testid=composer-input]").InputValueAsync());
    }

    [Fact]
    public async Task ALongerPrompt_GetsANote_KeepsTheDraft_AndTheConnectionStaysLive()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var input = page.Locator("[data-testid=composer-input]");

        await PasteAsync(input, Log(108_000));

        await Assertions.Expect(page.Locator("[data-testid=limit-notice]")).ToContainTextAsync("Chat:Limits:MaxPromptChars");
        await Assertions.Expect(page.Locator("[data-testid=send-button]")).ToBeDisabledAsync();
        await input.PressAsync("End");
        await input.PressAsync("Enter"); // Enter does not send it either
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveCountAsync(0);
        Assert.Equal(108_000, (await input.InputValueAsync()).Length);
        await Screenshots.SaveAsync(page, "prompt-too-long.png");

        // The connection is alive: a shorter prompt goes through at once.
        await input.FillAsync("/echo still connected");
        await Assertions.Expect(page.Locator("[data-testid=limit-notice]")).ToHaveCountAsync(0);
        await page.Locator("[data-testid=send-button]").ClickAsync();
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.LastAssistantMessage().Locator("[data-testid=message-content]")).ToHaveTextAsync("still connected");
    }

    [Fact]
    public async Task ALongEditOfAnEarlierPrompt_IsSentWhole()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo short");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await PasteAsync(page.GetByRole(AriaRole.Textbox, new() { Name = "Edit your message" }), Log(90_000));
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and send" }).ClickAsync();

        await Assertions.Expect(LastPrompt(page)).ToContainTextAsync("DONE", new() { Timeout = 30_000 });
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
        Assert.Equal(90_000, (await LastPrompt(page).InnerTextAsync()).Length);
        Assert.Equal("true", await page.Locator("[data-testid=chat]").GetAttributeAsync("data-interactive"));
    }
}
