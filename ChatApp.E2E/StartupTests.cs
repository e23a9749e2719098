using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Starting the app as an operator does: zero configuration works; a bad value stops it, naming the key.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class StartupTests(BrowserFixture browser)
{
    [Fact]
    public async Task ZeroConfiguration_ServesHealthAndAnInteractiveChatThatStreams()
    {
        await using var app = AppProcess.Start(new Dictionary<string, string>());
        var baseUrl = await app.ListeningAsync(TimeSpan.FromSeconds(30));

        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(baseUrl + "/healthz"));

        var page = await browser.OpenChatAsync(baseUrl);
        await page.SendAsync("/echo offline and keyless");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        Assert.Equal("offline and keyless", await page.LastAssistantMessage().Locator("[data-testid=message-content]").InnerTextAsync());
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("Chat__Providers__0__Endpoint", "not a url", "Chat:Providers:0:Endpoint is not an absolute http(s) URL")]
    [InlineData("Chat__Providers__0__Model", "", "Chat:Providers:0:Model is missing")]
    public async Task BadProviderValue_StopsStartup_WithAMessageNamingTheKey(string key, string value, string expected)
    {
        var environment = new Dictionary<string, string>
        {
            ["Chat__Providers__0__Kind"] = "openai",
            ["Chat__Providers__0__Endpoint"] = "http://127.0.0.1:9/v1",
            ["Chat__Providers__0__Model"] = "m",
            [key] = value,
        };
        await using var app = AppProcess.Start(environment);

        var exitCode = await app.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains(expected, app.StandardError);
        Assert.DoesNotContain("Now listening", app.StandardOutput);
    }

    [Theory]
    [InlineData("0", "Chat:Streaming:FrameIntervalMs must be between 1 and 1000")]
    [InlineData("fast", "'Chat:Streaming:FrameIntervalMs'")]
    public async Task BadStreamingValue_StopsStartup_WithAMessageNamingTheKey(string value, string expected)
    {
        await using var app = AppProcess.Start(new Dictionary<string, string> { ["Chat__Streaming__FrameIntervalMs"] = value });

        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(expected, app.StandardError);
        Assert.StartsWith("ChatApp cannot start: the configuration is invalid.", app.StandardError);
    }

    [Theory]
    [InlineData("Chat__Storage__CheckpointIntervalMs", "soon", "'Chat:Storage:CheckpointIntervalMs'")]
    [InlineData("Chat__Storage__Provider", "postgres", "Chat:Storage:ConnectionString is required")]
    public async Task BadStorageValue_StopsStartup_WithAMessageNamingTheKey(string key, string value, string expected)
    {
        await using var app = AppProcess.Start(new Dictionary<string, string> { [key] = value });

        Assert.Equal(1, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(expected, app.StandardError);
    }
}
