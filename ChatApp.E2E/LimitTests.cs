using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Limits per API key and per browser identity, over real HTTP and in the page.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class LimitTests(BrowserFixture browser) : IDisposable
{
    private const string KeyA = "sk-limits-aaaaaaaaaaaaaaaa";
    private const string KeyB = "sk-limits-bbbbbbbbbbbbbbbb";
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private AppHost? _app;

    private HttpRequestMessage Ask(string key, string prompt) => new(HttpMethod.Post, $"{_app!.BaseUrl}/v1/chat/completions")
    {
        Content = new StringContent(JsonSerializer.Serialize(new { stream = true, messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
        Headers = { Authorization = new AuthenticationHeaderValue("Bearer", key) },
    };

    [Fact]
    public async Task TheFourthConcurrentStreamOfOneKey_Is429WithRetryAfter_AnotherKeyIsNot_AndAThirdIsAllowedOnceOneEnds()
    {
        _app = new AppHost(new Dictionary<string, string?>
        {
            ["Chat:Api:Keys:0"] = KeyA,
            ["Chat:Api:Keys:1"] = KeyB,
            ["Chat:Simulated:TokensPerSecond"] = "30",
            ["Chat:Simulated:FirstTokenDelayMs"] = "50",
        });
        var running = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            var response = await _http.SendAsync(Ask(KeyA, "/long"), HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            running.Add(response);
        }

        using var fourth = await _http.SendAsync(Ask(KeyA, "/echo one more"));
        using var otherKey = await _http.SendAsync(Ask(KeyB, "/echo someone else"));

        Assert.Equal(HttpStatusCode.TooManyRequests, fourth.StatusCode);
        Assert.True(fourth.Headers.RetryAfter?.Delta > TimeSpan.Zero, "no Retry-After");
        var error = JsonDocument.Parse(await fourth.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("rate_limit_exceeded", error.GetProperty("type").GetString());
        Assert.Contains("Chat:Limits:ConcurrentStreams", error.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);

        running[0].Dispose(); // the client goes away: /v1 stops its answer at once, and its slot frees
        HttpResponseMessage? again = null;
        for (var i = 0; i < 50 && again?.StatusCode != HttpStatusCode.OK; i++)
        {
            again?.Dispose();
            await Task.Delay(100);
            again = await _http.SendAsync(Ask(KeyA, "/echo after one ended"));
        }
        Assert.Equal(HttpStatusCode.OK, again!.StatusCode);
        again.Dispose();
        running.ForEach(r => r.Dispose());
    }

    [Fact]
    public async Task InThePage_ALimitShowsANoticeUnderTheComposer_AndKeepsTheDraft()
    {
        _app = new AppHost(new Dictionary<string, string?>
        {
            ["Chat:Limits:ConcurrentStreams"] = "1",
            ["Chat:Simulated:SlowFirstTokenDelayMs"] = "20000",
        });
        var first = await browser.OpenChatAsync(_app.BaseUrl);
        await first.SendAsync("/slow");
        var second = await first.Context.NewPageAsync(); // the same browser: the same identity
        await second.GotoAsync(_app.BaseUrl);
        await second.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

        await second.Locator("[data-testid=composer-input]").FillAsync("A question that must not be lost");
        await second.Locator("[data-testid=send-button]").ClickAsync();

        var notice = second.Locator("[data-testid=limit-notice]");
        await Assertions.Expect(notice).ToContainTextAsync("Try again when one of them ends");
        await Assertions.Expect(second.Locator("[data-testid=composer-input]")).ToHaveValueAsync("A question that must not be lost");
        await Assertions.Expect(second.Locator("[data-testid=message]")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(second, "limit-notice.png");

        await first.Keyboard.PressAsync("Escape"); // the running answer stops: the next send goes through
        await first.LastAssistantMessage().WaitForStatusAsync("stopped");
        await second.Locator("[data-testid=send-button]").ClickAsync();
        await Assertions.Expect(second.Locator("[data-testid=message][data-role=assistant]")).ToHaveCountAsync(1);
        await Assertions.Expect(notice).ToHaveCountAsync(0);
    }

    public void Dispose()
    {
        _http.Dispose();
        _app?.Dispose();
    }
}
