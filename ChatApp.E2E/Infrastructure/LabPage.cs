using System.Globalization;

namespace ChatApp.E2E.Infrastructure;

/// <summary>Opening <c>/lab</c> and reading its panes, for the lab's browser tests.</summary>
public static class LabPage
{
    public static ILocator Pane(IPage page, string pane) => page.Locator($"[data-testid=lab-pane][data-pane={pane}]");

    public static async Task<double> ReadoutAsync(IPage page, string pane, string metric) =>
        double.Parse(await Pane(page, pane).Locator($"[data-testid=lab-readout][data-metric={metric}]").InnerTextAsync(), CultureInfo.InvariantCulture);

    /// <summary>The lab with the knobs of <paramref name="query"/>, in a context of its own, once it is interactive.</summary>
    public static async Task<IPage> OpenAsync(BrowserFixture browser, string baseUrl, string query = "", ColorScheme colorScheme = ColorScheme.Light,
        int width = 1280, int height = 900)
    {
        // Tracked, so the test's end closes it: a lab page left open would keep reconnecting to the stopped app.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, ColorScheme = colorScheme });
        var page = await context.NewPageAsync();
        await page.GotoAsync($"{baseUrl}/lab{query}");
        await page.Locator(".lab-page[data-interactive=true]").WaitForAsync();
        return page;
    }

    public static async Task WaitForEndAsync(IPage page, string pane) =>
        await Assertions.Expect(Pane(page, pane).Locator("[data-testid=message]")).ToHaveAttributeAsync("data-status", "complete", new() { Timeout = 30_000 });
}
