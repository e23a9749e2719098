using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>
/// Any reader reads the answer's log from a sequence number: a second tab opened mid-stream follows the running
/// answer live, and a reload mid-stream continues it, each with no duplicate and no gap.
/// </summary>
// Alone: it judges how many states of the answer a browser drew, and a browser busy beside another lane draws few.
[Collection(E2ECollection.Alone)]
public sealed class SecondReaderTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    // ~9 s for the answer: after "w20" ~8 s are left for a second tab or a reload to open (1–3 s on a busy
    // browser) and still see the answer grow several times.
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "40",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    // Numbered words: any repeated or skipped piece breaks the "prefix of the answer" check.
    private static readonly string Answer = string.Join(' ', Enumerable.Range(1, 180).Select(i => $"w{i}"));

    private static ILocator Content(ILocator message) => message.Locator("[data-testid=message-content]");

    /// <summary>Samples the answer's text in the page until it completes; every sample must be a prefix of the answer.</summary>
    private static async Task<List<string>> FollowToTheEndAsync(IPage page)
    {
        var reply = page.LastAssistantMessage();
        var samples = new List<string>();
        while (await reply.GetAttributeAsync("data-status") is "pending" or "streaming")
        {
            samples.Add((await Content(reply).InnerTextAsync()).Trim());
            await page.WaitForTimeoutAsync(50);
        }
        samples.Add((await Content(reply).InnerTextAsync()).Trim());
        return samples;
    }

    [Fact]
    public async Task ASecondTabOpenedMidStream_FollowsLive_AndEndsWithTheSameText()
    {
        var first = await Browser.OpenChatAsync(App.BaseUrl);
        await first.SendAsync($"/echo {Answer}");
        await Assertions.Expect(Content(first.LastAssistantMessage())).ToContainTextAsync("w20");
        await first.WaitForConversationAddressAsync(App);

        var second = await first.Context.NewPageAsync(); // the same browser: the same anonymous identity
        await second.GotoAsync(first.Url);
        await second.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        await Assertions.Expect(second.LastAssistantMessage()).ToHaveAttributeAsync("data-status", "streaming");
        var samples = await FollowToTheEndAsync(second);
        await first.LastAssistantMessage().WaitForStatusAsync("complete");

        Assert.All(samples, sample => Assert.StartsWith(sample, Answer));
        Assert.True(samples.Select(s => s.Length).Distinct().Count() >= 5, "the second tab did not follow the answer as it grew");
        Assert.Equal(Answer, samples[^1]);
        Assert.Equal("complete", await second.LastAssistantMessage().GetAttributeAsync("data-status"));
        Assert.Equal(Answer, (await Content(first.LastAssistantMessage()).InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task AReloadMidStream_ContinuesTheAnswer_WithNoDuplicateAndNoGap()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync($"/echo {Answer}");
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToContainTextAsync("w20");
        await page.WaitForConversationAddressAsync(App);

        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        var samples = await FollowToTheEndAsync(page);

        Assert.All(samples, sample => Assert.StartsWith(sample, Answer));
        Assert.Contains(samples, sample => sample.Length > 0 && sample.Length < Answer.Length); // it was still streaming after the reload
        Assert.Equal(Answer, samples[^1]);
        Assert.Equal("complete", await page.LastAssistantMessage().GetAttributeAsync("data-status"));
    }
}
