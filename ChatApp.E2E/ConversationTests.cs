using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Conversations that last: stored, listed, reloaded mid-stream, private to their browser, and surviving a crash.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ConversationTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "120",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    private static ILocator Content(ILocator message) => message.Locator("[data-testid=message-content]");

    [Fact]
    public async Task ReloadAfterAnAnswer_ConversationIsInTheSidebar_AndItsMessagesRender()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo remember this conversation");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.WaitForConversationAddressAsync(App);

        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

        var item = page.Locator("[data-testid=conversation-item]");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToHaveTextAsync("/echo remember this conversation");
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveCountAsync(2);
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToHaveTextAsync("remember this conversation");
        Assert.Equal("complete", await page.LastAssistantMessage().GetAttributeAsync("data-status"));
    }

    [Fact]
    public async Task FirstSend_PutsTheConversationInTheSidebar_WhileItsAnswerStillStreams()
    {
        // The row comes with the new address (the address change reads the list), not only when the answer ends.
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await page.WaitForConversationAddressAsync(App);

        var item = page.Locator("[data-testid=conversation-item]");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToHaveTextAsync("/long");
        Assert.Contains(await page.LastAssistantMessage().GetAttributeAsync("data-status"), new[] { "pending", "streaming" }); // still running
        await page.Keyboard.PressAsync("Escape");
        await page.LastAssistantMessage().WaitForStatusAsync("stopped");
    }

    [Fact]
    public async Task ReloadMidStream_ShowsThePartialAnswer_AndKeepsStreaming()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToContainTextAsync("Planning");
        await page.WaitForConversationAddressAsync(App);

        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

        var reply = page.LastAssistantMessage();
        await Assertions.Expect(Content(reply)).ToContainTextAsync("A complete guide");
        await Assertions.Expect(reply).ToHaveAttributeAsync("data-status", "streaming");
        var before = (await Content(reply).InnerTextAsync()).Length;
        await page.WaitForTimeoutAsync(1000);
        Assert.True((await Content(reply).InnerTextAsync()).Length > before, "the reloaded page did not keep streaming");
        await page.Keyboard.PressAsync("Escape");
        await reply.WaitForStatusAsync("stopped");
    }

    [Fact]
    public async Task NewChat_StartsEmpty_AndSwitchingBackShowsTheFirst_WhileItKeptStreaming()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToContainTextAsync("Planning");

        await page.Locator("[data-testid=new-chat]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveCountAsync(0);
        await page.SendAsync("/echo second chat");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.Locator("[data-testid=conversation-item]")).ToHaveCountAsync(2);

        await page.Locator("[data-testid=conversation-item]", new() { HasText = "/long" }).ClickAsync();
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(Content(reply)).ToContainTextAsync("Architecture", new() { Timeout = 20_000 });
        await page.Keyboard.PressAsync("Escape");
    }

    [Fact]
    public async Task Sidebar_RenameSearchAndDeleteWithUndo()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo about tomatoes");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.Locator("[data-testid=new-chat]").ClickAsync();
        await page.SendAsync("/echo about cucumbers");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        var items = page.Locator("[data-testid=conversation-item]");
        await Assertions.Expect(items).ToHaveCountAsync(2);

        // Rename
        await items.First.HoverAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Rename /echo about cucumbers" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "New title" }).FillAsync("Cucumber notes");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(items.First).ToHaveTextAsync("Cucumber notes");

        // Search by text inside the answers
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search conversations" }).FillAsync("tomatoes");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items).ToHaveTextAsync("/echo about tomatoes");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search conversations" }).FillAsync("");
        await Assertions.Expect(items).ToHaveCountAsync(2);

        // Delete, then undo
        await items.Last.HoverAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete /echo about tomatoes" }).ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await page.Locator(".undo-toast").GetByRole(AriaRole.Button, new() { Name = "Undo" }).ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task EditAPromptAndResend_CreatesABranch_BothReachableWith2Of2_AndItSurvivesAReload()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo first version");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.WaitForConversationAddressAsync(App);

        var prompt = page.Locator("[data-testid=message][data-role=user]");
        await prompt.HoverAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit message" }).ClickAsync();
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Edit your message" }).FillAsync("/echo second version");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save and send" }).ClickAsync();
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToHaveTextAsync("second version");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(prompt).ToContainTextAsync("2/2");
        await Assertions.Expect(page.Locator("[data-testid=message]")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Previous version" }).ClickAsync();
        await Assertions.Expect(prompt).ToContainTextAsync("1/2");
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToHaveTextAsync("first version");

        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToHaveTextAsync("first version");
        await Assertions.Expect(page.Locator("[data-testid=message][data-role=user]")).ToContainTextAsync("1/2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next version" }).ClickAsync();
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToHaveTextAsync("second version");
    }

    [Fact]
    public async Task Export_AsMarkdownAndJson_ForTheOwnerOnly()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo exported words");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.WaitForConversationAddressAsync(App);
        var id = page.Url.Split("/c/")[1];

        var markdown = await page.APIRequest.GetAsync($"{App.BaseUrl}/api/conversations/{id}/export.md");
        var json = await page.APIRequest.GetAsync($"{App.BaseUrl}/api/conversations/{id}/export.json");
        var stranger = await Browser.Browser.NewContextAsync();
        var theirs = await stranger.APIRequest.GetAsync($"{App.BaseUrl}/api/conversations/{id}/export.md");

        Assert.Equal(200, markdown.Status);
        Assert.Contains("**You:**\n\n/echo exported words", await markdown.TextAsync());
        Assert.Contains("exported words", await markdown.TextAsync());
        Assert.Equal(200, json.Status);
        Assert.Contains("\"role\": \"assistant\"", await json.TextAsync());
        Assert.Equal(404, theirs.Status);
        await stranger.CloseAsync();
    }

    [Fact]
    public async Task AnotherBrowser_CannotOpenAConversationById()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo private words");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.WaitForConversationAddressAsync(App);
        var address = page.Url;

        var stranger = await Browser.OpenChatAsync(address); // a new context: another browser, another identity

        await Assertions.Expect(stranger.Locator(".chat-notice")).ToContainTextAsync("not yours");
        Assert.Equal(0, await stranger.Locator("[data-testid=message]").CountAsync());
        Assert.Equal(0, await stranger.Locator("[data-testid=conversation-item]").CountAsync());
        Assert.DoesNotContain("private words", await stranger.ContentAsync());
    }

    [Fact]
    public async Task KillDash9MidStream_RestartShowsThePartialAsInterrupted_AndContinueCompletesIt()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "chatapp-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Chat__Storage__DataFolder"] = dataFolder,
            ["Chat__Simulated__TokensPerSecond"] = "60",
            ["Chat__Simulated__FirstTokenDelayMs"] = "100",
        };
        string address;
        int partialLength;
        await using (var first = AppProcess.Start(environment))
        {
            var page = await Browser.OpenChatAsync(await first.ListeningAsync(TimeSpan.FromSeconds(30)));
            await page.SendAsync("/long");
            await Assertions.Expect(Content(page.LastAssistantMessage())).ToContainTextAsync("Planning");
            await page.WaitForURLAsync("**/c/*");
            await page.WaitForTimeoutAsync(1500); // past at least one checkpoint
            partialLength = (await Content(page.LastAssistantMessage()).InnerTextAsync()).Length;
            address = new Uri(page.Url).AbsolutePath;
            var cookies = await page.Context.CookiesAsync();
            await first.KillHardAsync();
            await page.Context.CloseAsync();

            // The restarted server may answer fast: only the first one had to be caught mid-stream.
            await using var second = AppProcess.Start(new Dictionary<string, string>(environment) { ["Chat__Simulated__TokensPerSecond"] = "2000" });
            var baseUrl = await second.ListeningAsync(TimeSpan.FromSeconds(30));
            var context = await Browser.Browser.NewContextAsync();
            await context.AddCookiesAsync(cookies.Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = baseUrl }));
            var again = await context.NewPageAsync();
            await again.GotoAsync(baseUrl + address);
            await again.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

            var reply = again.LastAssistantMessage();
            await Assertions.Expect(reply).ToHaveAttributeAsync("data-status", "error");
            await Assertions.Expect(reply.Locator("[data-testid=message-error]")).ToContainTextAsync("stopped before this answer finished");
            var kept = (await Content(reply).InnerTextAsync()).Length;
            Assert.True(kept >= partialLength - 400, $"only {kept} of {partialLength} characters survived");
            Assert.True(kept > 100);

            await reply.Locator("[data-testid=continue-button]").ClickAsync();
            await reply.WaitForStatusAsync("complete", 60_000);
            await Assertions.Expect(Content(reply)).ToContainTextAsync("Ship small, measure what users feel");
            await context.CloseAsync();
        }
    }
}
