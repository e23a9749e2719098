using System.Diagnostics;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>Traces over OTLP, as an operator switches them on: an answer's span in its caller's trace.</summary>
[Collection(E2ECollection.Alone)]
public sealed class OtlpTracingTests
{
    [Fact]
    public async Task WithAnOtlpEndpoint_TheRequestAndItsAnswer_AreSpansOfTheCallersTrace()
    {
        await using var collector = new FakeOtlpCollector();
        await collector.StartAsync();
        await using var app = AppProcess.Start(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200", // export spans every 200 ms instead of every 5 s
            ["Chat__Simulated__FirstTokenDelayMs"] = "20",
        });
        var baseUrl = await app.ListeningAsync(TimeSpan.FromSeconds(30));
        const string traceId = "0af7651916cd43dd8448eb211c80319c";
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}/v1/chat/completions")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { messages = new[] { new { role = "user", content = "/echo traced" } } }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-b7ad6b7169203331-01");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();

        // The request's span (ASP.NET Core's) continues the caller's trace, and the answer's span nests under it.
        for (var waited = Stopwatch.StartNew(); collector.SpansInTrace(traceId) < 2 && waited.Elapsed < TimeSpan.FromSeconds(15);)
        {
            await Task.Delay(100);
        }
        Assert.True(collector.SpansInTrace(traceId) >= 2, $"{collector.SpansInTrace(traceId)} span(s) in the caller's trace\n{app.StandardOutput}");
        Assert.True(collector.TracesMention("Microsoft.AspNetCore"), "no request span");
        Assert.True(collector.TracesMention("ChatApp.Answers"), "no answer span");
    }
}
