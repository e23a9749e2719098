using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The <c>azure-openai</c> and <c>anthropic</c> provider kinds, each against a fake of its API over real HTTP, streaming to the page.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ProviderKindTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string[] Words = Enumerable.Range(1, 40).Select(i => i == 1 ? "Word1" : $" word{i}").ToArray();

    private readonly FakeOpenAiServer _azure = new(Words, TimeSpan.FromMilliseconds(20));
    private readonly FakeAnthropicServer _anthropic = new(Words, TimeSpan.FromMilliseconds(20));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await _azure.StartAsync();
        await _anthropic.StartAsync();
        _app = new AppHost(new Dictionary<string, string?>
        {
            ["Chat:Providers:0:Name"] = "Claude",
            ["Chat:Providers:0:Kind"] = "anthropic",
            ["Chat:Providers:0:Endpoint"] = _anthropic.BaseUrl,
            ["Chat:Providers:0:Model"] = "claude-test",
            ["Chat:Providers:0:ApiKey"] = "anthropic-key",
            ["Chat:Providers:1:Name"] = "Azure GPT",
            ["Chat:Providers:1:Kind"] = "azure-openai",
            ["Chat:Providers:1:Endpoint"] = _azure.BaseUrl,
            ["Chat:Providers:1:Model"] = "gpt-deployment",
            ["Chat:Providers:1:ApiKey"] = "azure-key",
        });
    }

    [Fact]
    public async Task Anthropic_StreamsIntoThePage_AndCompletes()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.StartFrameLogAsync();

        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(string.Concat(Words), await reply.Locator("[data-testid=message-content]").InnerTextAsync());
        Assert.Contains("Claude", await reply.TextContentAsync());
        var lengths = (await page.ReadFrameLogAsync()).Where(r => r.Status == "streaming").Select(r => r.Length).Distinct().Count();
        Assert.True(lengths >= 5, $"only {lengths} distinct lengths while streaming");
        var call = Assert.Single(_anthropic.Calls);
        Assert.Equal(("anthropic-key", "claude-test", true), call);
    }

    [Fact]
    public async Task Anthropic_ParallelToolUse_EachCallIsItsOwnCard_AndTheResultsGoBack()
    {
        _anthropic.ToolCalls =
        [
            new FakeToolCall("toolu_slow", "start_timer", """{"seconds":1,"label":"egg"}"""),
            new FakeToolCall("toolu_fast", "calculate", """{"expression":"6 * 7"}"""),
        ];
        var page = await browser.OpenChatAsync(_app.BaseUrl);

        await page.SendAsync("Time an egg and multiply");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(["start_timer:complete", "calculate:complete"], await reply.Locator("[data-testid=tool-call]")
            .EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.toolName + ':' + c.dataset.state)"));
        await Assertions.Expect(reply.Locator("[data-testid=tool-call][data-tool-name=calculate]")).ToContainTextAsync("→ 42");
        Assert.Equal(["toolu_slow", "toolu_fast"], _anthropic.ToolResultIds.Last());
    }

    [Fact]
    public async Task Anthropic_ReceivesAnAttachedImageAsAnImageBlock()
    {
        var png = TestImages.GradientPng(24, 24);
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.AttachAsync("g.png", png);
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);

        await page.SendAsync("What is this?");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");

        Assert.Equal(("image/png", Convert.ToBase64String(png)), Assert.Single(_anthropic.ImageBlocks));
    }

    [Fact]
    public async Task AzureOpenAi_PickedInTheModelPicker_StreamsFromItsDeployment()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.Locator("[data-testid=model-picker]").SelectOptionAsync(new SelectOptionValue { Label = "Azure GPT" });

        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(string.Concat(Words), await reply.Locator("[data-testid=message-content]").InnerTextAsync());
        Assert.Contains("Azure GPT", await reply.TextContentAsync());
        Assert.Equal(("gpt-deployment", "azure-key"), Assert.Single(_azure.AzureCalls));
        Assert.Empty(_anthropic.Calls);
    }

    [Fact]
    public async Task AnthropicOverloaded_FailsOverToAzure_WithAStatusLine()
    {
        _anthropic.RefuseWith = 529;
        var page = await browser.OpenChatAsync(_app.BaseUrl);

        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(reply.Locator("[data-testid=status-line]")).ToContainTextAsync("Claude is busy — answering with Azure GPT");
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(string.Concat(Words), await reply.Locator("[data-testid=message-content]").InnerTextAsync());
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _azure.DisposeAsync();
        await _anthropic.DisposeAsync();
    }
}
