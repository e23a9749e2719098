using Microsoft.Playwright;

namespace ChatApp.E2E.Infrastructure;

/// <summary>One headless Debian Chromium per test collection (see <see cref="E2ECollection"/>; Playwright never downloads a browser here).</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private readonly List<IBrowserContext> _contexts = [];
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath(),
            Headless = true,
            // As root Chromium needs --no-sandbox; the rest keep it off this machine's closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A fresh page at <paramref name="baseUrl"/>, waited until the chat is interactive (not just prerendered).</summary>
    /// <param name="initScript">Runs in the page before any of its own scripts (e.g. to take WebSockets away).</param>
    public async Task<IPage> OpenChatAsync(string baseUrl, int width = 1280, int height = 800, string? initScript = null)
    {
        var context = await NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        if (initScript is not null)
        {
            await page.AddInitScriptAsync(initScript);
        }
        await page.GotoAsync(baseUrl);
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        return page;
    }

    /// <summary>A fresh browser context, closed with the test's other pages by <see cref="CloseAllPagesAsync"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        lock (_contexts)
        {
            _contexts.Add(context);
        }
        return context;
    }

    /// <summary>Closes every page a test opened, so no tab keeps reconnecting to a stopped app.</summary>
    public async Task CloseAllPagesAsync()
    {
        IBrowserContext[] contexts;
        lock (_contexts)
        {
            contexts = [.. _contexts];
            _contexts.Clear();
        }
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
    }

    // Debian's chromium from PATH (no hard-coded install path); CHROMIUM_PATH overrides.
    private static string ChromiumPath() =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH")
        ?? (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "chromium"))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("chromium not found on PATH: apt-get install -y chromium (or set CHROMIUM_PATH)");
}
