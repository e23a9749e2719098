namespace ChatApp.E2E.Infrastructure;

/// <summary>Saves screenshots next to the test binaries (bin/…/screenshots) so people can look at them.</summary>
public static class Screenshots
{
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = false)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }
}
