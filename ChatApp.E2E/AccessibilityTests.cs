using ChatApp.E2E.Infrastructure;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>axe-core on the chat page during and after a stream, plus the announcements screen readers get.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class AccessibilityTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "60",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task AxeScan_DuringAndAfterAStream_NoSeriousOrCriticalViolations(string theme)
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        if (theme == "dark")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-theme=dark]")).ToHaveCountAsync(1);
        }
        // The long answer (~50 s): it is still streaming when a slow scan ends, so Esc has an answer to stop.
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        // A code block on screen (the first of several: a count of exactly one could be passed over between polls).
        await reply.Locator("[data-testid=code-block]").First.WaitForAsync(new() { Timeout = 20_000 });

        await AssertNoSeriousViolations(page, $"{theme}, mid-stream");
        Assert.Equal("true", await page.Locator("[data-testid=message-list]").GetAttributeAsync("aria-busy"));

        await page.Keyboard.PressAsync("Escape");
        await reply.WaitForStatusAsync("stopped");
        await AssertNoSeriousViolations(page, $"{theme}, after");
        Assert.Equal("false", await page.Locator("[data-testid=message-list]").GetAttributeAsync("aria-busy"));
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task AxeScan_ToolCardsAndImages_NoSeriousOrCriticalViolations(string theme)
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        if (theme == "dark")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
        }
        await page.SendAsync("/tools-unknown");
        await page.LastAssistantMessage().WaitForStatusAsync("complete", 30_000);
        await page.SendAsync("/tools");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(reply.Locator("[data-testid=tool-call]")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await page.AttachAsync("g.png", TestImages.GradientPng(40, 40));
        await Assertions.Expect(page.Locator("[data-testid=attachment]")).ToHaveCountAsync(1);

        await AssertNoSeriousViolations(page, $"{theme}, tool cards, image attached");
        await reply.WaitForStatusAsync("complete", 30_000);
        await reply.Locator("[data-testid=tool-call] summary").First.ClickAsync();
        await AssertNoSeriousViolations(page, $"{theme}, tools done, a card open");
    }

    [Fact]
    public async Task FinishedAnswer_IsAnnouncedOnce_NotPerFrame()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.EvaluateAsync("""
            () => {
              window.__announcements = [];
              const region = document.querySelector('[aria-live=polite][role=status].visually-hidden');
              new MutationObserver(() => window.__announcements.push(region.textContent))
                .observe(region, { childList: true, characterData: true, subtree: true });
            }
            """);
        await page.SendAsync("/echo hello screen reader");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.WaitForTimeoutAsync(300);

        var announcements = await page.EvaluateAsync<string[]>("() => window.__announcements");
        Assert.Single(announcements);
        Assert.Contains("hello screen reader", announcements[0]);
    }

    [Fact]
    public async Task ReducedMotion_CursorIsSteady()
    {
        var context = await Browser.Browser.NewContextAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        var page = await context.NewPageAsync();
        await page.GotoAsync(App.BaseUrl);
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        await page.SendAsync("/long");

        await page.Locator("[data-testid=stream-cursor]").WaitForAsync();
        // Read in one step: the cursor's block is re-rendered every frame.
        var animation = await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('[data-testid=stream-cursor]')).animationName");
        Assert.Equal("none", animation);
        await page.Keyboard.PressAsync("Escape");
        await context.CloseAsync();
    }

    private async Task AssertNoSeriousViolations(IPage page, string when)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"{when}: {violation.Impact} {violation.Id} — {violation.Help} ({string.Join(", ", violation.Nodes.Take(3).Select(n => n.Html))})");
        }
        Assert.True(serious.Count == 0, $"{when}: {string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} [{string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}]"))}");
    }
}
