using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatApp.E2E.Infrastructure;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>What operators see: <c>/metrics</c> after answers with known outcomes, and the live <c>/stats</c> page.</summary>
[Collection(E2ECollection.Alone)]
public sealed partial class ObservabilityTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "200",
        ["Chat:Simulated:FirstTokenDelayMs"] = "60",
    };

    private readonly HttpClient _http = new();

    private static StringContent Body(string prompt, bool stream) =>
        new(JsonSerializer.Serialize(new { stream, messages = new[] { new { role = "user", content = prompt } } }), Encoding.UTF8, "application/json");

    /// <summary>The value of every sample of <paramref name="metric"/> whose labels contain all of <paramref name="labels"/>, summed.</summary>
    private static double Sum(string exposition, string metric, params string[] labels) =>
        exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Metrics_AfterAnswersWithKnownOutcomes_CountThem_InTheGenAiConventions_AndParseAsPrometheusText()
    {
        // Three complete, one stopped after its first text (the client goes away), one dropped mid-stream.
        foreach (var prompt in new[] { "/echo one two three", "/echo four five six", "/echo seven eight nine" })
        {
            using var completed = await _http.PostAsync($"{App.BaseUrl}/v1/chat/completions", Body(prompt, stream: false));
            completed.EnsureSuccessStatusCode();
        }
        using (var stopped = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{App.BaseUrl}/v1/chat/completions") { Content = Body("/long", stream: true) },
                   HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new SseReader(await stopped.Content.ReadAsStreamAsync());
            while (await reader.NextAsync() is { } e && !e.Data.Contains("\"content\":\"#"))
            {
            }
        }
        using (var dropped = await _http.PostAsync($"{App.BaseUrl}/v1/chat/completions", Body("/error", stream: true)))
        {
            Assert.Contains("provider_error", await dropped.Content.ReadAsStringAsync());
        }

        var text = "";
        for (var i = 0; i < 100 && Sum(text, "chatapp_stream_outcomes_total") < 5; i++)
        {
            await Task.Delay(100);
            text = await _http.GetStringAsync($"{App.BaseUrl}/metrics");
        }

        Assert.Equal(3, Sum(text, "chatapp_stream_outcomes_total", "status=\"complete\""));
        Assert.Equal(1, Sum(text, "chatapp_stream_outcomes_total", "status=\"stopped\"", "kind=\"User\""));
        Assert.Equal(1, Sum(text, "chatapp_stream_outcomes_total", "status=\"error\"", "kind=\"ConnectionDropped\""));
        Assert.Equal(5, Sum(text, "gen_ai_server_time_to_first_token_seconds_count", "gen_ai_operation_name=\"chat\"", "gen_ai_provider_name=\"simulated\""));
        Assert.Equal(5, Sum(text, "gen_ai_client_operation_duration_seconds_count"));
        Assert.Equal(1, Sum(text, "gen_ai_client_operation_duration_seconds_count", "error_type=\"ConnectionDropped\""));
        Assert.True(Sum(text, "gen_ai_client_token_usage_sum", "gen_ai_token_type=\"output\"") > 5, "no output tokens counted");
        // Time per output token needs two tokens at least: the stopped answer may have had only one.
        Assert.InRange(Sum(text, "gen_ai_server_time_per_output_token_seconds_count"), 4, 5);
        Assert.Contains("chatapp_stream_readers", text);

        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, text);
        var families = JsonDocument.Parse(await NodeClients.RunAsync("parse-prometheus.mjs", file)).RootElement.EnumerateArray()
            .ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("type").GetString());
        File.Delete(file);
        Assert.Equal("HISTOGRAM", families["gen_ai_server_time_to_first_token_seconds"]);
        Assert.Equal("HISTOGRAM", families["gen_ai_client_token_usage"]);
        Assert.Equal("COUNTER", families["chatapp_stream_outcomes_total"]);
    }

    [Theory]
    [InlineData("light")]
    [InlineData("dark")]
    public async Task StatsPage_AfterSomeAnswers_ShowsNonZeroFiguresAndItsCharts_AxeClean(string theme)
    {
        var chat = await Browser.OpenChatAsync(App.BaseUrl);
        foreach (var prompt in new[] { "/echo first answer", "/echo second answer", "/code" })
        {
            await chat.SendAsync(prompt);
            await chat.LastAssistantMessage().WaitForStatusAsync("complete");
        }

        var page = await chat.Context.NewPageAsync();
        await page.GotoAsync($"{App.BaseUrl}/stats");
        await page.Locator(".stats-page[data-interactive=true]").WaitForAsync();
        if (theme == "dark")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" }).ClickAsync();
            await Assertions.Expect(page.Locator("[data-theme=dark]")).ToHaveCountAsync(1);
        }
        var p50 = page.Locator("[data-testid=stats-value][data-metric=ttft-p50]");
        await Assertions.Expect(p50).ToHaveTextAsync(Number());
        foreach (var metric in new[] { "ttft-p50", "ttft-p95", "ttft-p99", "completion-rate" })
        {
            var value = double.Parse(await page.Locator($"[data-testid=stats-value][data-metric={metric}]").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(value > 0, $"{metric} is {value}");
        }
        Assert.Equal("100", await page.Locator("[data-testid=stats-value][data-metric=completion-rate]").InnerTextAsync());
        foreach (var metric in new[] { "ttft", "tokens-per-second", "outcomes", "late-frames" })
        {
            await Assertions.Expect(page.Locator($"[data-testid=stats-chart][data-metric={metric}] svg").First).ToBeVisibleAsync();
        }
        // The browser's frame reports of those answers reached the window (the late-frames chart has a series line).
        await Assertions.Expect(page.Locator("[data-testid=stats-chart][data-metric=late-frames]")).ToContainTextAsync("Late frames");

        // Live: another answer changes the count without a reload.
        await Assertions.Expect(page.Locator(".stat-value", new() { HasText = "Answers" })).ToContainTextAsync("3");
        await chat.SendAsync("/echo a fourth");
        await chat.LastAssistantMessage().WaitForStatusAsync("complete");
        await Assertions.Expect(page.Locator(".stat-value", new() { HasText = "Answers" })).ToContainTextAsync("4", new() { Timeout = 10_000 });

        await Screenshots.SaveAsync(page, $"stats-{theme}.png", fullPage: true);
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        foreach (var violation in result.Violations)
        {
            output.WriteLine($"{theme}: {violation.Impact} {violation.Id} — {violation.Help}");
        }
        Assert.True(serious.Count == 0, string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} [{string.Join(" | ", v.Nodes.Take(2).Select(n => n.Html))}]")));
    }

    [GeneratedRegex(@"^\d+(\.\d+)?$")]
    private static partial Regex Number();

    public override async Task DisposeAsync()
    {
        _http.Dispose();
        await base.DisposeAsync();
    }
}
