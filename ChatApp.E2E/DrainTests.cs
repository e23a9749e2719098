using System.Net;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>SIGTERM to the real app process: it drains — new work refused, running answers finish, the rest saved.</summary>
[Collection(E2ECollection.Alone)]
public sealed class DrainTests(BrowserFixture browser)
{
    private static readonly string Words = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"w{i}"));

    private static HttpRequestMessage Ask(string baseUrl, string prompt) => new(HttpMethod.Post, $"{baseUrl}/v1/chat/completions")
    {
        Content = new StringContent(JsonSerializer.Serialize(new { stream = true, messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json"),
    };

    private static string TextOf(string sse) => string.Concat(sse.Split('\n').Where(l => l.StartsWith("data: {"))
        .Select(l => JsonDocument.Parse(l[6..]).RootElement)
        .Where(c => c.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
        .Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : ""));

    private static ILocator PageAnswer(IPage page) => page.LastAssistantMessage().Locator("[data-testid=message-content]");

    [Fact]
    public async Task Sigterm_RefusesNewWork_LetsRunningAnswersFinish_AndSavesTheOneStillRunningWhenTheDrainEnds()
    {
        var dataFolder = Path.Combine(Path.GetTempPath(), "chatapp-e2e", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            ["Chat__Storage__DataFolder"] = dataFolder,
            ["Chat__Streaming__DrainSeconds"] = "5",
            ["Chat__Simulated__TokensPerSecond"] = "20",
            ["Chat__Simulated__FirstTokenDelayMs"] = "50",
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        string address;
        List<BrowserContextCookiesResult> cookies;
        await using (var app = AppProcess.Start(environment))
        {
            var baseUrl = await app.ListeningAsync(TimeSpan.FromSeconds(30));
            // A page answer long enough to outlast the drain, and two API answers of about two seconds.
            var page = await browser.OpenChatAsync(baseUrl);
            var pageLog = PageLog.Follow(page);
            // A failure anywhere in the drain says what the app wrote and what the page saw: a timing fault is
            // otherwise hard to tell apart on a loaded machine.
            try
            {
                await page.SendAsync("/long");
                await Assertions.Expect(page.LastAssistantMessage()).ToHaveAttributeAsync("data-status", "streaming");
                await page.WaitForURLAsync("**/c/*");
                address = new Uri(page.Url).AbsolutePath;
                cookies = [.. await page.Context.CookiesAsync()];
                // Both admitted (their headers are in) before the stop signal.
                var responses = new List<HttpResponseMessage>();
                foreach (var request in new[] { Ask(baseUrl, $"/echo {Words}"), Ask(baseUrl, $"/echo {Words}") })
                {
                    responses.Add(await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead));
                }
                Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
                var running = responses.Select(r => r.Content.ReadAsStringAsync()).ToList();
                Assert.Equal("ready", await http.GetStringAsync($"{baseUrl}/healthz/ready"));

                var shownAtStopSignal = (await PageAnswer(page).InnerTextAsync()).Length;
                app.Terminate();
                pageLog.Add("test: stop signal sent");
                var stopSignal = System.Diagnostics.Stopwatch.StartNew();
                // The stop signal is handled asynchronously: wait until readiness says so rather than for a fixed time.
                HttpStatusCode readiness;
                var waited = 0;
                do
                {
                    await Task.Delay(50);
                    using var probe = await http.GetAsync($"{baseUrl}/healthz/ready");
                    readiness = probe.StatusCode;
                }
                while (readiness != HttpStatusCode.ServiceUnavailable && ++waited < 200);

                using var refused = await http.SendAsync(Ask(baseUrl, "/echo too late"));
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.NotNull(refused.Headers.RetryAfter);
                using var ready = await http.GetAsync($"{baseUrl}/healthz/ready");
                Assert.Equal((HttpStatusCode.ServiceUnavailable, "draining"), (ready.StatusCode, await ready.Content.ReadAsStringAsync()));
                Assert.Equal("ok", await http.GetStringAsync($"{baseUrl}/healthz"));
                foreach (var answer in running)
                {
                    var sse = await answer;
                    Assert.Equal(Words, TextOf(sse)); // both finished whole during the drain
                    Assert.Contains("\"finish_reason\":\"stop\"", sse);
                }
                responses.ForEach(r => r.Dispose());
                Assert.Equal(0, await app.WaitForExitAsync(TimeSpan.FromSeconds(30)));
                // The page reconnected when the stop signal came and followed its answer through the drain.
                var shownAtExit = (await PageAnswer(page).InnerTextAsync()).Length;
                Assert.True(shownAtExit > shownAtStopSignal + 100, $"the page's answer grew from {shownAtStopSignal} to only {shownAtExit} characters during the drain");
                // Its connection is closed once the answer is saved ("Closed 1 page connection(s)" in the log, unless the
                // page was between two attempts to reconnect just then), so the process exits then (~5 s, the drain),
                // not at the host's shutdown timeout (DrainSeconds + 15 s = 20 s here), which it would wait out for the
                // page. 17 s leaves a loaded machine 12 s of slack and still tells the two apart.
                Assert.True(stopSignal.Elapsed < TimeSpan.FromSeconds(17), $"exited {stopSignal.Elapsed.TotalSeconds:F1} s after the stop signal");
            }
            catch (Exception failure)
            {
                throw new Xunit.Sdk.XunitException($"{failure}\n--- the app wrote:\n{app.StandardOutput}\n--- the page saw:\n{pageLog}");
            }
            await page.Context.CloseAsync();
        }

        // After the restart: the answer still running when the drain ended is there with its text, stopped by the
        // shutdown, and Continue carries it on.
        await using var again = AppProcess.Start(new Dictionary<string, string>(environment) { ["Chat__Simulated__TokensPerSecond"] = "2000" });
        var restarted = await again.ListeningAsync(TimeSpan.FromSeconds(30));
        var context = await browser.Browser.NewContextAsync();
        await context.AddCookiesAsync(cookies.Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = restarted }));
        var reopened = await context.NewPageAsync();
        await reopened.GotoAsync(restarted + address);
        await reopened.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        var reply = reopened.LastAssistantMessage();
        await Assertions.Expect(reply).ToHaveAttributeAsync("data-status", "stopped");
        await Assertions.Expect(reply).ToContainTextAsync("the server was restarting");
        Assert.True((await reply.Locator("[data-testid=message-content]").InnerTextAsync()).Length > 100, "the partial text was not saved");
        await reply.Locator("[data-testid=continue-button]").ClickAsync();
        await reply.WaitForStatusAsync("complete", 60_000);
        await context.CloseAsync();
    }
}
