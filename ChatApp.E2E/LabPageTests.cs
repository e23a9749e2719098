using ChatApp.E2E.Infrastructure;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;
using static ChatApp.E2E.Infrastructure.LabPage;

namespace ChatApp.E2E;

/// <summary>
/// <c>/lab</c> in Chromium, the page itself: a link reproduces the demo, a bad value in it is named, the page is
/// axe-clean in both themes and stacks its panes on a phone, and a new chat offers the scenarios. Nothing here is
/// timed, so it runs in a lane; what the lab measures is <see cref="LabTests"/>.
/// </summary>
[Collection(E2ECollection.LaneA)]
public sealed class LabPageTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, new Dictionary<string, string?>())
{
    private Task<IPage> OpenLabAsync(string query = "", ColorScheme colorScheme = ColorScheme.Light, int width = 1280, int height = 900) =>
        OpenAsync(Browser, App.BaseUrl, query, colorScheme, width, height);

    [Fact]
    public async Task ALabLink_OpenedInANewPage_RestoresEveryKnob()
    {
        var page = await OpenLabAsync();
        await Pane(page, "a").Locator("[data-testid=lab-preset]").SelectOptionAsync("per-token");
        var b = Pane(page, "b");
        await b.Locator("[data-knob=ttft]").FillAsync("1234");
        await b.Locator("[data-knob=ttft]").PressAsync("Tab");
        await b.Locator("[data-knob=tps]").FillAsync("77");
        await b.Locator("[data-knob=tps]").PressAsync("Tab");
        await b.Locator("[data-knob=jitter]").FillAsync("15");
        await b.Locator("[data-knob=jitter]").PressAsync("Tab");
        await b.Locator("[data-knob=frames]").SelectOptionAsync("100");
        await b.Locator("[data-knob=md]").SelectOptionAsync("naive");
        await b.Locator("[data-knob=hl]").SelectOptionAsync("frame");
        await b.Locator("[data-knob=cursor]").UncheckAsync();
        await b.Locator("[data-knob=thinking]").UncheckAsync();
        await b.Locator("[data-knob=scroll]").UncheckAsync();
        await page.Locator("[data-testid=lab-prompt]").SelectOptionAsync("/long");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("prompt=%2Flong.*b\\.scroll=off"));

        var link = page.Url;
        output.WriteLine(link);
        var again = await OpenLabAsync(link[link.IndexOf('?')..]);

        Assert.Equal("per-token", await Pane(again, "a").Locator("[data-testid=lab-preset]").InputValueAsync());
        Assert.Equal("custom", await Pane(again, "b").Locator("[data-testid=lab-preset]").InputValueAsync());
        var knobs = Pane(again, "b");
        Assert.Equal(("1234", "77", "15"), (await knobs.Locator("[data-knob=ttft]").InputValueAsync(), await knobs.Locator("[data-knob=tps]").InputValueAsync(),
            await knobs.Locator("[data-knob=jitter]").InputValueAsync()));
        Assert.Equal(("100", "naive", "frame"), (await knobs.Locator("[data-knob=frames]").InputValueAsync(), await knobs.Locator("[data-knob=md]").InputValueAsync(),
            await knobs.Locator("[data-knob=hl]").InputValueAsync()));
        Assert.False(await knobs.Locator("[data-knob=cursor]").IsCheckedAsync());
        Assert.False(await knobs.Locator("[data-knob=thinking]").IsCheckedAsync());
        Assert.False(await knobs.Locator("[data-knob=scroll]").IsCheckedAsync());
        Assert.Equal("/long", await again.Locator("[data-testid=lab-prompt]").InputValueAsync());
    }

    [Fact]
    public async Task ABadValueInALink_IsNamed_AndTheDefaultIsUsed()
    {
        var page = await OpenLabAsync("?a.ttft=soon");

        await Assertions.Expect(page.Locator(".lab-notice")).ToContainTextAsync("a.ttft: 'soon' is not a number");
        Assert.Equal("450", await Pane(page, "a").Locator("[data-knob=ttft]").InputValueAsync());
    }

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task TheLab_IsAxeClean_InBothThemes_AfterARun(ColorScheme scheme)
    {
        var page = await OpenLabAsync("?prompt=%2Fcode&a.tps=400&a.ttft=50&b.tps=400&b.ttft=50", scheme);
        if (scheme == ColorScheme.Dark)
        {
            await Assertions.Expect(page.Locator("[data-theme=dark]")).ToHaveCountAsync(1);
        }
        await page.Locator("[data-testid=lab-start]").ClickAsync();
        await WaitForEndAsync(page, "a");
        await WaitForEndAsync(page, "b");

        var violations = (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id}: {string.Join(", ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.Empty(violations);
    }

    [Fact]
    public async Task OnAPhone_ThePanesAreStacked()
    {
        var page = await OpenLabAsync("?a.tps=400&b.tps=400&a.ttft=50&b.ttft=50", width: 390, height: 844);
        await page.Locator("[data-testid=lab-start]").ClickAsync();
        await WaitForEndAsync(page, "b");

        var a = (await Pane(page, "a").BoundingBoxAsync())!;
        var b = (await Pane(page, "b").BoundingBoxAsync())!;
        await Screenshots.SaveAsync(page, "lab-phone.png");
        Assert.True(b.Y >= a.Y + a.Height, "pane b is not below pane a");
        Assert.True(a.Width <= 390 && b.Width <= 390, "a pane is wider than the screen");
    }

    [Fact]
    public async Task ANewChat_OffersTheScenarios_AndTryingOneSendsIt()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var scenarios = page.Locator("[data-testid=scenario-try]");
        Assert.True(await scenarios.CountAsync() >= 10);
        await Assertions.Expect(page.Locator("[data-testid=lab-link]")).ToHaveAttributeAsync("href", "/lab");
        await Screenshots.SaveAsync(page, "first-run.png");

        await page.Locator("[data-testid=scenario-try][data-keyword='/table']").ClickAsync();

        await Assertions.Expect(page.Locator("[data-testid=message][data-role=user]")).ToHaveTextAsync("/table");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.LastAssistantMessage().Locator("table")).ToHaveCountAsync(1);
    }
}
