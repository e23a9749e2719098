namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// A browser test against its own instance of the app (started on a loopback port with the given settings);
/// afterwards every page it opened is closed and the app stopped.
/// </summary>
public abstract class BrowserTest(BrowserFixture browser, IReadOnlyDictionary<string, string?> settings) : IAsyncLifetime
{
    protected BrowserFixture Browser { get; } = browser;

    protected AppHost App { get; } = new(settings);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await Browser.CloseAllPagesAsync();
        App.Dispose();
    }
}
