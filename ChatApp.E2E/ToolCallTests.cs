using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>
/// Tool calls as cards, against a fake OpenAI-compatible server over real HTTP that streams <c>tool_calls</c>
/// deltas for two parallel calls: the app runs its real tools and sends the results back for the answer.
/// </summary>
[Collection(E2ECollection.LaneB)]
public sealed class ToolCallTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly FakeOpenAiServer _server = new([], TimeSpan.FromMilliseconds(30));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        _server.Respond = request => request.ToolResults.Count == 0
            ? new FakeResponse(["Let me", " run both", " at once."], ToolCalls:
            [
                new FakeToolCall("call_slow", "start_timer", """{"seconds":4,"label":"egg"}"""),
                new FakeToolCall("call_fast", "calculate", """{"expression":"(17 * 23) + 4"}"""),
            ])
            : new FakeResponse(["Done:", " ", string.Join(" and ", request.ToolResults.Select(r => $"{r.CallId} said {r.Content}")), "."]);
        await _server.StartAsync();
        _app = new AppHost(_server.AsOnlyProvider());
    }

    /// <summary>Records every (tool, state) a card shows, in order, inside the page.</summary>
    internal static Task WatchCardsAsync(IPage page) => page.EvaluateAsync("""
        () => {
          window.__cards = [];
          const seen = new Set();
          const record = () => document.querySelectorAll('[data-testid=tool-call]').forEach(card => {
            const key = card.dataset.toolName + ':' + card.dataset.state;
            if (!seen.has(key)) { seen.add(key); window.__cards.push(key); }
          });
          new MutationObserver(record).observe(document.querySelector('[data-testid=message-list]'),
            { subtree: true, childList: true, attributes: true });
        }
        """);

    /// <summary>
    /// A tool that returns within one frame of being called may first be drawn already complete (a page that is
    /// behind reads both changes in one batch and draws the latest): its running state is then put back where it
    /// belongs, just before its completion, so the order of everything else is still checked exactly.
    /// </summary>
    internal static string[] WithFastToolRunning(string[] order, string fastTool)
    {
        var running = fastTool + ":running";
        if (order.Contains(running))
        {
            return order;
        }
        var list = order.ToList();
        var complete = list.IndexOf(fastTool + ":complete");
        if (complete >= 0)
        {
            list.Insert(complete, running);
        }
        return [.. list];
    }

    [Fact]
    public async Task ParallelToolCalls_TwoCardsRunThenComplete_TheSlowerLast_ThenTheFinalText()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await WatchCardsAsync(page);

        await page.SendAsync("Boil an egg and do some math");
        var reply = page.LastAssistantMessage();
        var cards = reply.Locator("[data-testid=tool-call]");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(reply.Locator("[data-testid=tool-call][data-tool-name=calculate]")).ToHaveAttributeAsync("data-state", "complete");
        await Assertions.Expect(reply.Locator("[data-testid=status-line]")).ToHaveTextAsync("Calling 2 tools…");
        await Assertions.Expect(reply.Locator("[data-testid=tool-call][data-tool-name=start_timer]")).ToHaveAttributeAsync("data-state", "running");
        await Screenshots.SaveAsync(page, "tool-calls-running.png");
        await reply.WaitForStatusAsync("complete");
        await Screenshots.SaveAsync(page, "tool-calls-complete.png");

        var order = await page.EvaluateAsync<string[]>("() => window.__cards");
        Assert.Equal(["start_timer:running", "calculate:running", "calculate:complete", "start_timer:complete"], WithFastToolRunning(order, "calculate"));
        Assert.Equal(["start_timer", "calculate"], await cards.EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.toolName)"));
        // Text before the cards, the cards, then the answer built from both results.
        var content = reply.Locator("[data-testid=message-content]");
        var text = await content.InnerTextAsync();
        Assert.StartsWith("Let me run both at once.", text);
        Assert.Contains("call_slow said The egg timer went off after 4 s. and call_fast said 395.", text);
        var layout = await content.EvaluateAsync<string[]>(
            "c => [...c.children].map(e => e.dataset.testid === 'tool-call' ? 'card' : e.textContent.trim().slice(0, 7))");
        Assert.Equal(["Let me ", "card", "card", "Done: c"], layout);
        // The model was offered the app's tools by their own names.
        var first = _server.Requests.First();
        Assert.Equal(["get_current_time", "calculate", "start_timer", "read_app_docs"], first.OfferedTools);
    }

    [Fact]
    public async Task Card_OpensToShowArgumentsAndResult()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        await page.SendAsync("Boil an egg and do some math");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");
        var card = reply.Locator("[data-testid=tool-call][data-tool-name=calculate]");
        await Assertions.Expect(card).ToContainTextAsync("→ 395");

        await card.Locator("summary").ClickAsync();

        await Assertions.Expect(card.Locator(".tool-call-body")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator(".tool-call-body")).ToContainTextAsync("""{"expression":"(17 * 23) + 4"}""");
        await Screenshots.SaveAsync(page, "tool-call-open.png");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>The simulated model's tool scenarios: unknown tools, the step limit, and cards that survive a reload.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class SimulatedToolCallTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "200",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
        ["Chat:Tools:MaxSteps"] = "2",
    };

    [Fact]
    public async Task UnknownTool_CardShowsTheError_AndTheAnswerCarriesOn()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        await page.SendAsync("/tools-unknown");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        var card = reply.Locator("[data-testid=tool-call]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-tool-name", "get_weather");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-state", "error");
        await Assertions.Expect(card).ToContainTextAsync("unknown tool 'get_weather'");
        await Assertions.Expect(reply.Locator("[data-testid=message-content]")).ToContainTextAsync("It turns out I have no weather tool");
        await Screenshots.SaveAsync(page, "tool-call-unknown.png");
    }

    [Fact]
    public async Task MaxSteps_IsAVisibleOutcome_WithTheCardsKept()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);

        await page.SendAsync("/tools-loop");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("error");

        await Assertions.Expect(reply.Locator("[data-testid=message-error]")).ToContainTextAsync("Chat:Tools:MaxSteps");
        Assert.Equal(["complete", "complete", "error"],
            await reply.Locator("[data-testid=tool-call]").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.state)"));
        await Assertions.Expect(reply.Locator("[data-testid=continue-button]")).ToBeVisibleAsync();

        // Continue carries on with a fresh budget, and the cards so far stay on the answer.
        await reply.Locator("[data-testid=continue-button]").ClickAsync();
        await Assertions.Expect(reply.Locator("[data-testid=tool-call]")).ToHaveCountAsync(6, new() { Timeout = 20_000 });
        await reply.WaitForStatusAsync("error");
        Assert.Equal(["complete", "complete", "error", "complete", "complete", "error"],
            await reply.Locator("[data-testid=tool-call]").EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.state)"));
    }

    [Fact]
    public async Task Cards_SurviveAReload()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await ToolCallTests.WatchCardsAsync(page);
        await page.SendAsync("/tools");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(reply.Locator("[data-testid=tool-call][data-tool-name=get_current_time]")).ToHaveAttributeAsync("data-state", "complete");
        await Screenshots.SaveAsync(page, "tools-demo-running.png");
        await reply.WaitForStatusAsync("complete");
        // The demo's clock call (asked for second) completed before its timer (asked for first).
        Assert.Equal(["start_timer:running", "get_current_time:running", "get_current_time:complete", "start_timer:complete"],
            ToolCallTests.WithFastToolRunning(await page.EvaluateAsync<string[]>("() => window.__cards"), "get_current_time"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        await Screenshots.SaveAsync(page, "tools-demo-dark.png");
        await page.WaitForConversationAddressAsync(App);

        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

        var cards = page.LastAssistantMessage().Locator("[data-testid=tool-call]");
        Assert.Equal(["start_timer:complete", "get_current_time:complete"],
            await cards.EvaluateAllAsync<string[]>("cs => cs.map(c => c.dataset.toolName + ':' + c.dataset.state)"));
        await Assertions.Expect(cards.Last).ToContainTextAsync("Asia/Tokyo");
    }
}
