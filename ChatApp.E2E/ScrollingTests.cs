using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>Following the stream while at the bottom, and never pulling a reader back who scrolled away.</summary>
[Collection(E2ECollection.Alone)]
public sealed class ScrollingTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "150",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    private const string DistanceFromBottom = "() => { const l = document.querySelector('[data-testid=message-list]'); return l.scrollHeight - l.scrollTop - l.clientHeight; }";

    [Fact]
    public async Task LongAnswer_StaysWithin50PxOfTheBottom_AtEverySample()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, 1280, 800);
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("streaming");

        // ~8 s of samples (the answer streams for ~20 s): many screens of new lines, without the test waiting out the rest.
        var samples = new List<double>();
        while (await reply.GetAttributeAsync("data-status") == "streaming" && samples.Count < 160)
        {
            samples.Add(await page.EvaluateAsync<double>(DistanceFromBottom));
            await page.WaitForTimeoutAsync(50);
        }
        await Screenshots.SaveAsync(page, "follow-long-answer.png");

        output.WriteLine($"{samples.Count} samples, max distance from bottom {samples.Max():F0} px");
        Assert.True(samples.Count > 20, $"only {samples.Count} samples while streaming");
        Assert.All(samples, distance => Assert.True(distance <= 50, $"{distance} px from the bottom"));
        Assert.Equal(0, await page.Locator("[data-testid=scroll-to-bottom]").CountAsync());
    }

    // A long answer streaming past the bottom of the view, the pointer over the list (where the wheel scrolls).
    private async Task<(IPage Page, ILocator Reply, ILocator List)> LongAnswerOverflowingAsync()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, 1280, 800);
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        var list = page.Locator("[data-testid=message-list]");
        await Assertions.Expect(reply.Locator("[data-testid=message-content] h2")).ToHaveCountAsync(2, new() { Timeout = 20_000 });
        await list.HoverAsync();
        return (page, reply, list);
    }

    [Fact]
    public async Task ScrollingUp_IsNeverUndone_ButtonAppears_AndClickingItFollowsAgain()
    {
        var (page, reply, list) = await LongAnswerOverflowingAsync();
        await page.Mouse.WheelAsync(0, -300);
        await page.WaitForTimeoutAsync(200);
        var scrolledTo = await list.EvaluateAsync<double>("l => l.scrollTop");
        var button = page.Locator("[data-testid=scroll-to-bottom]");
        await Assertions.Expect(button).ToBeVisibleAsync();

        for (var i = 0; i < 10; i++)
        {
            await page.WaitForTimeoutAsync(100);
            Assert.Equal(scrolledTo, await list.EvaluateAsync<double>("l => l.scrollTop"), 1.0);
        }
        await Assertions.Expect(button).ToContainTextAsync("New content");
        await Screenshots.SaveAsync(page, "scrolled-away.png");

        await button.ClickAsync();
        await Assertions.Expect(button).ToHaveCountAsync(0);
        for (var i = 0; i < 10; i++)
        {
            await page.WaitForTimeoutAsync(100);
            Assert.True(await page.EvaluateAsync<double>(DistanceFromBottom) <= 50, "following did not resume");
        }
        await page.Keyboard.PressAsync("Escape");
    }

    [Fact]
    public async Task ScrollingUpInSmallSteps_FromTheBottom_StopsFollowing()
    {
        // A trackpad, or a wheel with smooth scrolling, moves in small steps: the first ones are still near the
        // bottom, and must not count as coming back to it.
        var (page, reply, list) = await LongAnswerOverflowingAsync();
        for (var step = 0; step < 10; step++)
        {
            await page.Mouse.WheelAsync(0, -20);
            await page.WaitForTimeoutAsync(40);
        }
        await page.WaitForTimeoutAsync(200);
        var scrolledTo = await list.EvaluateAsync<double>("l => l.scrollTop");
        var away = await page.EvaluateAsync<double>(DistanceFromBottom);
        output.WriteLine($"ten steps of 20 px up: {away:F0} px from the bottom");
        Assert.True(away >= 150, $"only {away:F0} px from the bottom: the steps near it were undone");

        await Assertions.Expect(page.Locator("[data-testid=scroll-to-bottom]")).ToBeVisibleAsync();
        for (var i = 0; i < 10; i++)
        {
            await page.WaitForTimeoutAsync(100);
            Assert.Equal(scrolledTo, await list.EvaluateAsync<double>("l => l.scrollTop"), 1.0);
        }
        Assert.Equal("streaming", await reply.GetAttributeAsync("data-status"));
    }

    [Fact]
    public async Task AWheelUp_RightAfterTheViewWasKeptAtTheBottom_StopsFollowing()
    {
        // Keeping up with a frame moves the view, and the browser reports that move a frame later: after a wheel
        // that came in between, it must not read as the reader coming back to the bottom.
        var (page, reply, list) = await LongAnswerOverflowingAsync();

        await page.EvaluateAsync("""
            () => new Promise((resolve) => {
              const list = document.querySelector('[data-testid=message-list]');
              const spacer = document.createElement('div');
              spacer.style.height = '40px';
              list.appendChild(spacer); // a change in the list: the page keeps the view at the bottom...
              queueMicrotask(() => {
                list.dispatchEvent(new WheelEvent('wheel', { deltaY: -100, bubbles: true })); // ...and the reader moves before its scroll event
                requestAnimationFrame(() => requestAnimationFrame(() => { spacer.remove(); resolve(); }));
              });
            })
            """);
        await page.WaitForTimeoutAsync(100);
        var stayedAt = await list.EvaluateAsync<double>("l => l.scrollTop");

        await Assertions.Expect(page.Locator("[data-testid=scroll-to-bottom]")).ToBeVisibleAsync();
        Assert.Equal(stayedAt, await list.EvaluateAsync<double>("l => l.scrollTop"), 1.0);
        Assert.Equal("streaming", await reply.GetAttributeAsync("data-status"));
    }

    [Fact]
    public async Task EndOfStream_DoesNotYankAReaderWhoScrolledAway()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, 1280, 600);
        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        var list = page.Locator("[data-testid=message-list]");
        await Assertions.Expect(reply.Locator("[data-testid=code-block]")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        await list.HoverAsync();
        await page.Mouse.WheelAsync(0, -200);
        await page.WaitForTimeoutAsync(200);
        var scrolledTo = await list.EvaluateAsync<double>("l => l.scrollTop");

        await reply.WaitForStatusAsync("complete", 30_000);
        await page.WaitForTimeoutAsync(300);

        Assert.Equal(scrolledTo, await list.EvaluateAsync<double>("l => l.scrollTop"), 1.0);
    }

    [Fact]
    public async Task WithTheListsScriptSlowToArrive_ThePageIsLiveOnlyOnceItFollows_SoAReaderWhoScrolledAwayStaysThere()
    {
        // The list's script (which watches the wheel and follows the stream) arrives 6 s late. A page that counted as
        // live before it let the reader scroll up unwatched, and the script then started out following: pulled back.
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var context = await Browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 500 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.RouteAsync("**/Components/Chat/MessageList*.js", async route =>
            {
                await Task.Delay(6000);
                await route.ContinueAsync();
                arrived.TrySetResult();
            });
            await page.GotoAsync(App.BaseUrl);
            await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
            await page.SendAsync("/long");
            var list = page.Locator("[data-testid=message-list]");
            await page.WaitForFunctionAsync("() => { const l = document.querySelector('[data-testid=message-list]'); return l.scrollHeight - l.clientHeight > 300; }");
            await list.HoverAsync();
            await page.Mouse.WheelAsync(0, -300);
            await page.WaitForTimeoutAsync(200);
            var scrolledTo = await list.EvaluateAsync<double>("l => l.scrollTop");

            await arrived.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.WaitForTimeoutAsync(500); // the script has run, had the page gone live without it

            Assert.Equal(scrolledTo, await list.EvaluateAsync<double>("l => l.scrollTop"), 1.0);
            await Assertions.Expect(page.Locator("[data-testid=scroll-to-bottom]")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
