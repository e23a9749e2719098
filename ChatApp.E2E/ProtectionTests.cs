using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The server protects itself over real HTTP: API keys, request sizes, usage for budgets, hardening headers.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class ProtectionTests(BrowserFixture browser) : IDisposable
{
    private const string Key = "sk-e2e-0123456789abcdef";
    private readonly HttpClient _http = new();
    private AppHost? _app;

    private AppHost App(Dictionary<string, string?>? settings = null) => _app ??= new AppHost(new Dictionary<string, string?>(settings ?? [])
    {
        ["Chat:Simulated:TokensPerSecond"] = "400",
        ["Chat:Simulated:FirstTokenDelayMs"] = "20",
    });

    private static StringContent Body(object request) => new(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json");

    private static object Ask(string prompt, bool stream = false, object? streamOptions = null) =>
        new { stream, stream_options = streamOptions, messages = new[] { new { role = "user", content = prompt } } };

    [Fact]
    public async Task WithApiKeysConfigured_BothEndpointsNeedOne_401WithoutOrWrong()
    {
        var app = App(new() { ["Chat:Api:Keys:0"] = Key });

        using var none = await _http.PostAsync($"{app.BaseUrl}/v1/chat/completions", Body(Ask("/echo hi")));
        using var wrong = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/api/chat")
        {
            Content = Body(new { messages = new[] { new { role = "user", content = "/echo hi" } } }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "sk-not-the-key-000000") },
        });
        using var right = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/v1/chat/completions")
        {
            Content = Body(Ask("/echo through")),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
        });

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (none.StatusCode, wrong.StatusCode, right.StatusCode));
        Assert.Equal("invalid_api_key", JsonDocument.Parse(await wrong.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("through", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OversizedRequests_Are413NamingTheLimit_AsOpenAiShapedJson()
    {
        var app = App(new() { ["Chat:Limits:MaxPromptChars"] = "1000" });

        // A well-behaved client of a large upload asks first (Expect: 100-continue) and gets the refusal before sending it.
        // It waits for the answer to its question (by default it sends the body anyway after 1 s, and on a busy machine
        // the refusal then closes the connection under it: a broken pipe, not the 413).
        using var patient = new HttpClient(new SocketsHttpHandler { Expect100ContinueTimeout = TimeSpan.FromSeconds(30) });
        using var body = await patient.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{app.BaseUrl}/v1/chat/completions")
        {
            Content = new StringContent($$"""{"messages":[{"role":"user","content":"{{new string('x', 9 * 1024 * 1024)}}"}]}""", Encoding.UTF8, "application/json"),
            Headers = { ExpectContinue = true },
        });
        using var prompt = await _http.PostAsync($"{app.BaseUrl}/api/chat", Body(new { messages = new[] { new { role = "user", content = new string('y', 1001) } } }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.StatusCode);
        Assert.Contains("Chat:Limits:MaxRequestBytes", JsonDocument.Parse(await body.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, prompt.StatusCode);
        var error = JsonDocument.Parse(await prompt.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Contains("Chat:Limits:MaxPromptChars", error.GetProperty("message").GetString());
        Assert.Equal("request_too_large", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Usage_ComesAsTheLastChunkWhenAskedFor_AndWithEveryNonStreamingCompletion()
    {
        var app = App();

        using var streamed = await _http.PostAsync($"{app.BaseUrl}/v1/chat/completions", Body(Ask("/echo one two three four", stream: true, new { include_usage = true })));
        using var whole = await _http.PostAsync($"{app.BaseUrl}/v1/chat/completions", Body(Ask("/echo one two three four")));

        var chunks = (await streamed.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: {")).Select(l => JsonDocument.Parse(l[6..]).RootElement).ToList();
        var last = chunks[^1];
        Assert.Equal(0, last.GetProperty("choices").GetArrayLength());
        var usage = last.GetProperty("usage");
        Assert.Equal(4, usage.GetProperty("completion_tokens").GetInt32());
        Assert.True(usage.GetProperty("prompt_tokens").GetInt32() > 0);
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() + 4, usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(4, JsonDocument.Parse(await whole.Content.ReadAsStringAsync()).RootElement.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task Pages_CarryAContentSecurityPolicy_AndStreamWithoutAnyViolation()
    {
        var app = App();
        using var response = await _http.GetAsync(app.BaseUrl);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'nonce-", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());

        var page = await browser.OpenChatAsync(app.BaseUrl, initScript: """
            window.__cspViolations = [];
            document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
            """);
        await page.SendAsync("/code");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await page.SendAsync("/image");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.Locator("[data-testid=code-block][data-state=closed]").First).ToBeVisibleAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>("() => window.__cspViolations"));
    }

    [Fact]
    public async Task EverythingButAPage_CarriesAPolicyThatAllowsNothing_AndAMissingPageIsStillAPage()
    {
        var app = App();
        using var health = await _http.GetAsync($"{app.BaseUrl}/healthz");
        using var answer = await _http.PostAsync($"{app.BaseUrl}/v1/chat/completions", Body(Ask("/echo hi", stream: true)));
        using var style = await _http.GetAsync($"{app.BaseUrl}/app.css");
        using var missing = await _http.GetAsync($"{app.BaseUrl}/no-such-page");

        foreach (var response in new[] { health, answer, style })
        {
            Assert.True(response.IsSuccessStatusCode, $"{response.RequestMessage!.RequestUri}: {response.StatusCode}");
            Assert.Equal("default-src 'none'; frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("script-src 'self' 'nonce-", missing.Headers.GetValues("Content-Security-Policy").Single());
    }

    public void Dispose()
    {
        _http.Dispose();
        _app?.Dispose();
    }
}
