using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The <c>openai</c> provider kind against an OpenAI-compatible server over real HTTP.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class OpenAiProviderTests(BrowserFixture browser) : IAsyncLifetime
{
    private static readonly string[] Words = Enumerable.Range(1, 120).Select(i => i == 1 ? "Word1" : $" word{i}").ToArray();

    private readonly FakeOpenAiServer _server = new(Words, TimeSpan.FromMilliseconds(40));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await _server.StartAsync();
        _app = new AppHost(new Dictionary<string, string?>(_server.AsOnlyProvider()) { ["Chat:Providers:0:ApiKey"] = "test-key" });
    }

    [Fact]
    public async Task OpenAiProvider_StreamsIncrementallyToTheBrowser()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.StartFrameLogAsync();

        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        var lengths = (await page.ReadFrameLogAsync()).Where(r => r.Status == "streaming").Select(r => r.Length).Distinct().ToList();
        Assert.True(lengths.Count >= 5, $"only {lengths.Count} distinct lengths while streaming");
        Assert.Equal(string.Concat(Words), await reply.Locator("[data-testid=message-content]").InnerTextAsync());
        Assert.Contains("Fake GPT", await reply.TextContentAsync());
    }

    [Theory]
    [InlineData(false, "complete")] // no finish_reason, but [DONE]: the server finished
    [InlineData(true, "error")]     // neither: the response just stopped, so the answer was cut off
    public async Task ServerThatSendsNoFinishReason_FinishedByItsDoneMarker(bool noDone, string status)
    {
        _server.Respond = _ => new FakeResponse(["Short", " answer."], NoFinishReason: true, NoDone: noDone);
        var page = await browser.OpenChatAsync(_app.BaseUrl);

        await page.SendAsync("Say something short");
        var reply = page.LastAssistantMessage();

        await reply.WaitForStatusAsync(status);
        Assert.Equal("Short answer.", await reply.Locator("[data-testid=message-content]").InnerTextAsync());
        Assert.Equal(noDone ? 1 : 0, await reply.Locator("[data-testid=message-error]").CountAsync());
    }

    [Fact]
    public async Task ModelWithoutToolSupport_AnswersWithoutTools_AndIsAskedWithoutThemFromThenOn()
    {
        // What Ollama says for a model that cannot call tools.
        _server.Respond = request => request.OfferedTools.Count > 0
            ? new FakeResponse([], Status: 400, ErrorMessage: "registry.ollama.ai/library/llama2:latest does not support tools")
            : new FakeResponse(["Plain", " answer."]);
        var page = await browser.OpenChatAsync(_app.BaseUrl);

        var answers = page.Locator("[data-testid=message][data-role=assistant]");
        await page.SendAsync("Hello");
        await answers.Nth(0).WaitForStatusAsync("complete");
        await page.SendAsync("Again");
        await answers.Nth(1).WaitForStatusAsync("complete");

        Assert.Equal("Plain answer.", await answers.Nth(1).Locator("[data-testid=message-content]").InnerTextAsync());
        Assert.Equal([true, false, false], _server.Requests.Select(r => r.OfferedTools.Count > 0));
    }

    [Fact]
    public async Task RefusedRequest_SaysWhatTheProviderSaid()
    {
        _server.Respond = _ => new FakeResponse([], Status: 400, ErrorMessage: "This model's maximum context length is 8192 tokens.");
        var page = await browser.OpenChatAsync(_app.BaseUrl);

        await page.SendAsync("Hello");
        var reply = page.LastAssistantMessage();

        await reply.WaitForStatusAsync("error");
        await Assertions.Expect(reply.Locator("[data-testid=message-error]"))
            .ToHaveTextAsync("Fake GPT refused the request (HTTP 400): This model's maximum context length is 8192 tokens.");
    }

    [Fact]
    public async Task Stop_ClosesTheProvidersRequest_AndKeepsThePartialText()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        var content = reply.Locator("[data-testid=message-content]");
        await Assertions.Expect(content).ToContainTextAsync("word10");

        await page.Locator("[data-testid=stop-button]").ClickAsync();
        await reply.WaitForStatusAsync("stopped");

        // The server sees its request closed long before its 120 words (≈5 s) were all sent.
        await _server.RequestAborted.WaitAsync(TimeSpan.FromSeconds(3));
        Assert.True(_server.ChunksSent < Words.Length, $"the server sent all {_server.ChunksSent} chunks");
        var partial = await content.TextContentAsync();
        Assert.StartsWith("Word1 word2", partial);
        Assert.True(partial!.Length < string.Concat(Words).Length);
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _server.DisposeAsync();
    }
}
