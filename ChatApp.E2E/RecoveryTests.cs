using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// Stream outcomes against OpenAI-compatible servers over real HTTP: a failed stream keeps its partial text,
/// retry and continue work, a busy primary hands over to the next provider, a stalled one falls back.
/// </summary>
[Collection(E2ECollection.LaneA)]
public sealed class RecoveryTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Words = Enumerable.Range(1, 80).Select(i => i == 1 ? "Word1" : $" word{i}").ToArray();
    private static readonly string FullAnswer = string.Concat(Words);

    private readonly FakeOpenAiServer _primary = new(Words, TimeSpan.FromMilliseconds(15));
    private readonly FakeOpenAiServer _backup = new(["Backup", " answers", " here."], TimeSpan.FromMilliseconds(15));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await _primary.StartAsync();
        await _backup.StartAsync();
        _app = new AppHost(new Dictionary<string, string?>
        {
            ["Chat:Providers:0:Name"] = "Primary",
            ["Chat:Providers:0:Kind"] = "openai",
            ["Chat:Providers:0:Endpoint"] = _primary.Endpoint,
            ["Chat:Providers:0:Model"] = "fake-model",
            ["Chat:Providers:1:Name"] = "Backup",
            ["Chat:Providers:1:Kind"] = "openai",
            ["Chat:Providers:1:Endpoint"] = _backup.Endpoint,
            ["Chat:Providers:1:Model"] = "fake-model",
            ["Chat:Streaming:FirstTokenTimeoutSeconds"] = "2",
        });
    }

    private static ILocator Content(ILocator message) => message.Locator("[data-testid=message-content]");

    [Fact]
    public async Task DropAfter40Tokens_ErrorKeepsThePartial_RetryProducesAFullAnswer()
    {
        _primary.Respond = request => request.Number == 1 ? new FakeResponse(Words, DropAfter: 40) : new FakeResponse(Words);
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();

        await reply.WaitForStatusAsync("error");
        var partial = await Content(reply).InnerTextAsync();
        Assert.Equal(string.Concat(Words.Take(40)), partial);
        await Assertions.Expect(reply.Locator("[data-testid=message-error]")).ToContainTextAsync("before the answer finished");
        output.WriteLine($"drop after 40: error shown, partial kept ({partial.Length} chars)");
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "error-partial-kept.png")}");

        await reply.Locator("[data-testid=retry-button]").ClickAsync();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(FullAnswer, await Content(reply).InnerTextAsync());
        await Assertions.Expect(reply).ToContainTextAsync("attempt 2/2");
        await reply.GetByRole(AriaRole.Button, new() { Name = "Previous attempt" }).ClickAsync();
        await Assertions.Expect(reply).ToContainTextAsync("attempt 1/2");
        Assert.Equal(partial, await Content(reply).InnerTextAsync());
        Assert.Equal("error", await reply.GetAttributeAsync("data-status"));
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "attempt-navigation.png")}");
    }

    [Fact]
    public async Task Continue_AppendsToTheSameMessage_SendingThePartialAsTheAssistantPrefix()
    {
        _primary.Respond = request => request.LastAssistantMessage is { } prefix
            ? new FakeResponse(Words.Skip(40).ToArray())
            : new FakeResponse(Words, DropAfter: 40);
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("error");

        await reply.Locator("[data-testid=continue-button]").ClickAsync();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(FullAnswer, await Content(reply).InnerTextAsync());
        Assert.Equal(2, await page.Locator("[data-testid=message]").CountAsync()); // the same message, not a new one
        Assert.Contains(_primary.Requests, r => r.LastAssistantMessage == string.Concat(Words.Take(40)));
        output.WriteLine("continue: the partial was sent as the assistant prefix; the rest appended to the same message");
    }

    [Fact]
    public async Task Continue_AnsweredByTheNextProvider_MarksTheSeam()
    {
        _primary.Respond = request => request.Number == 1 ? new FakeResponse(Words, DropAfter: 40) : new FakeResponse([], Status: 529);
        _backup.Respond = request => new FakeResponse(request.LastAssistantMessage is null ? ["Backup"] : Words.Skip(40).ToArray());
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("error");

        await reply.Locator("[data-testid=continue-button]").ClickAsync();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(FullAnswer, await Content(reply).InnerTextAsync());
        await Assertions.Expect(reply.Locator(".message-meta")).ToContainTextAsync("Primary → Backup");
    }

    [Fact]
    public async Task PrimaryOverloaded529_BackupAnswers_AndTheStatusLineSaidSo()
    {
        _primary.Respond = _ => new FakeResponse([], Status: 529);
        _backup.Respond = _ => new FakeResponse(Enumerable.Range(0, 60).Select(i => $" b{i}").ToArray());
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Hello");
        var reply = page.LastAssistantMessage();

        var statusLine = reply.Locator("[data-testid=status-line]");
        await Assertions.Expect(statusLine).ToContainTextAsync("Primary is busy — answering with Backup");
        await reply.WaitForStatusAsync("complete");
        Assert.Equal(0, await statusLine.CountAsync()); // progress text goes when the answer is done

        Assert.StartsWith("b0 b1 b2", (await Content(reply).InnerTextAsync()).Trim());
        await Assertions.Expect(reply.Locator(".message-meta")).ToContainTextAsync("Backup");
        output.WriteLine("529: the status line said «Primary is busy — answering with Backup»; the answer came from Backup");
    }

    [Fact]
    public async Task StallBeyondTheFirstTokenTimeout_FallbackAnswerShownAtOnce()
    {
        _primary.Respond = request => request.Stream ? new FakeResponse(Words, Stall: true) : new FakeResponse(Words);
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Hello");
        var reply = page.LastAssistantMessage();

        await reply.WaitForStatusAsync("complete", 15_000);

        Assert.Equal(FullAnswer, await Content(reply).InnerTextAsync());
        Assert.Contains(_primary.Requests, r => !r.Stream);
        output.WriteLine("stall: after the 2 s first-token timeout the non-streaming answer appeared at once");
    }

    [Fact]
    public async Task StopThenContinue_Completes()
    {
        // The first stream holds after word 20 until it is stopped: on a slow machine the whole answer (1.2 s) could
        // otherwise be over before Playwright's click, and there would be nothing left to stop.
        var neverReleased = new TaskCompletionSource().Task;
        _primary.Respond = request => request.LastAssistantMessage is { } prefix
            ? new FakeResponse(Words.Skip(Words.Length - RemainingWords(prefix)).ToArray())
            : new FakeResponse(Words, HoldAfter: (19, neverReleased));
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Count for me");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(Content(reply)).ToContainTextAsync("word20");

        await page.Locator("[data-testid=stop-button]").ClickAsync();
        await reply.WaitForStatusAsync("stopped");
        await reply.Locator("[data-testid=continue-button]").ClickAsync();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(FullAnswer, await Content(reply).InnerTextAsync());
    }

    // How many words follow a prefix that is a whole number of words of the answer.
    private static int RemainingWords(string prefix)
    {
        var taken = 0;
        var length = 0;
        while (taken < Words.Length && length + Words[taken].Length <= prefix.Length)
        {
            length += Words[taken++].Length;
        }
        return Words.Length - taken;
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _primary.DisposeAsync();
        await _backup.DisposeAsync();
    }
}
