using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatApp.LoadTest;

// ChatApp.LoadTest: N concurrent SSE streams against /v1/chat/completions, ramped, bounded in time.
// dotnet run -c Release --project ChatApp.LoadTest -- --url http://127.0.0.1:5080 --streams 1000 [--ramp 5] [--words 1200] [--limit 180] [--pid <server pid>]
// dotnet run -c Release --project ChatApp.LoadTest -- --url http://127.0.0.1:5080 --pages 25 [--prompt /long] [--pid <server pid>]
// dotnet run -c Release --project ChatApp.LoadTest -- --allocations trace.nettrace   (from dotnet-trace collect --profile gc-verbose)
if (Array.IndexOf(args, "--allocations") is var traceAt and >= 0)
{
    AllocationReport.Print(args[traceAt + 1], top: 25);
    return 0;
}
var options = LoadOptions.Parse(args);
if (Array.IndexOf(args, "--pages") is var pagesAt and >= 0)
{
    // Page readers instead of SSE streams: --pages N [--prompt /long] (see PageReaders).
    var pagePrompt = Array.IndexOf(args, "--prompt") is var promptAt and >= 0 ? args[promptAt + 1] : "/long";
    return await PageReaders.RunAsync(options.Url, int.Parse(args[pagesAt + 1]), pagePrompt, options.Pid is { } readerPid ? new ProcessSampler(readerPid) : null);
}
Console.WriteLine($"{options.Streams} streams of /echo {options.Words} words against {options.Url}, ramped over {options.Ramp.TotalSeconds:0} s, at most {options.Limit.TotalSeconds:0} s");

var server = options.Pid is { } pid ? new ProcessSampler(pid) : null;
var client = new ProcessSampler(Environment.ProcessId);
server?.Sample();
client.Sample();
// No cookies: every stream is another user (behind a sticky load balancer each lands where its own cookie says).
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = false,
    ConnectCallback = ConnectTimedAsync,
})
{
    Timeout = options.Limit,
};
var prompt = "/echo " + string.Join(' ', Enumerable.Range(1, options.Words).Select(i => $"w{i}"));
var body = JsonSerializer.Serialize(new { stream = true, messages = new[] { new { role = "user", content = prompt } } });
using var deadline = new CancellationTokenSource(options.Limit);
var clock = Stopwatch.StartNew();
var peakServerRss = 0L;
var sampling = Task.Run(async () =>
{
    while (!deadline.IsCancellationRequested)
    {
        if (server?.RssBytes() is { } rss)
        {
            peakServerRss = Math.Max(peakServerRss, rss);
        }
        await Task.Delay(500);
    }
});

var streams = Enumerable.Range(0, options.Streams).Select(async i =>
{
    await Task.Delay(options.Ramp * i / Math.Max(1, options.Streams));
    return await StreamOnceAsync(http, options.Url, body, deadline.Token);
}).ToList();
var results = await Task.WhenAll(streams);
clock.Stop();
var serverRssAtEnd = server?.RssBytes();
var serverCpu = server?.CpuSeconds() ?? 0; // at the end of the streams: the idle wait after is not theirs
await Task.Delay(15000); // memory given back after the streams ended? (the server trims after 10 s idle)
var serverRssAfter = server?.RssBytes();
deadline.Cancel();

var completed = results.Where(r => r.Completed).ToList();
var ttft = completed.Select(r => r.FirstContentMs).Order().ToArray();
var gaps = completed.SelectMany(r => r.GapsMs).Order().ToArray();
Console.WriteLine();
Console.WriteLine($"| streams | completion | TTFT p50 / p95 / p99 | gap p50 / p99 | events per stream | server CPU | server RSS peak / 15 s after | client CPU | wall |");
Console.WriteLine($"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"| {options.Streams:N0} | {100.0 * completed.Count / results.Length:0.#} % | {P(ttft, 0.5):0} / {P(ttft, 0.95):0} / {P(ttft, 0.99):0} ms | {P(gaps, 0.5):0} / {P(gaps, 0.99):0} ms | {(completed.Count == 0 ? 0 : completed.Average(r => r.Events)):0} | " +
    $"{(server is null ? "-" : $"{serverCpu:0.0} s")} | {(server is null ? "-" : $"{peakServerRss / 1048576.0:0} MB / {serverRssAfter / 1048576.0:0} MB")} | {client.CpuSeconds():0.0} s | {clock.Elapsed.TotalSeconds:0} s |"));
var headersAt = completed.Select(r => r.HeadersMs).Order().ToArray();
var connectedAt = completed.Select(r => r.ConnectedMs).Order().ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"response headers (admitted, answer started) p50 / p95 / p99: {P(headersAt, 0.5):0} / {P(headersAt, 0.95):0} / {P(headersAt, 0.99):0} ms after the send; " +
    $"TCP connected (the client's own wait) {P(connectedAt, 0.5):0} / {P(connectedAt, 0.95):0} / {P(connectedAt, 0.99):0} ms"));
if (server is not null && completed.Count > 0)
{
    var events = completed.Sum(r => (double)r.Events);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"server: {serverCpu * 1_000_000 / events:0.0} µs CPU per content event ({events:N0} events); {(peakServerRss - server.InitialRss) / 1024.0 / options.Streams:0} KB RSS per stream at the peak (over the {server.InitialRss / 1048576.0:0} MB at the start); {serverRssAtEnd / 1048576.0:0} MB when the last stream ended"));
}
var failures = results.Where(r => !r.Completed).GroupBy(r => r.Failure).Select(g => $"{g.Count()} × {g.Key}");
Console.WriteLine(string.Join(Environment.NewLine, failures));
return completed.Count == results.Length ? 0 : 1;

// The handler's own connect, plus when the TCP connection was up (the kernel completes it before the server accepts
// it): the send-to-connected time is the client's own wait, connected-to-headers the server's.
static async ValueTask<Stream> ConnectTimedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
{
    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
    try
    {
        await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
    }
    catch
    {
        socket.Dispose();
        throw;
    }
    if (context.InitialRequestMessage.Options.TryGetValue(ConnectedAt.Key, out var connected))
    {
        connected.Timestamp = Stopwatch.GetTimestamp();
    }
    return new NetworkStream(socket, ownsSocket: true);
}

static async Task<StreamResult> StreamOnceAsync(HttpClient http, string url, string body, CancellationToken cancellationToken)
{
    var started = Stopwatch.GetTimestamp();
    var gaps = new List<double>();
    double? first = null;
    double headers = 0;
    long? last = null;
    var events = 0;
    var connected = new ConnectedAt();
    double ConnectedMs() => connected.Timestamp == 0 ? 0 : Stopwatch.GetElapsedTime(started, connected.Timestamp).TotalMilliseconds;
    try
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{url}/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Options.Set(ConnectedAt.Key, connected);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        headers = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return new StreamResult(false, 0, [], 0, $"HTTP {(int)response.StatusCode}");
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == "data: [DONE]")
            {
                return new StreamResult(first is not null, first ?? 0, gaps, events, first is null ? "no content" : "", headers, ConnectedMs());
            }
            if (!line.StartsWith("data: {", StringComparison.Ordinal) || !line.Contains("\"content\":\"", StringComparison.Ordinal) || line.Contains("\"content\":\"\"", StringComparison.Ordinal))
            {
                continue;
            }
            var now = Stopwatch.GetTimestamp();
            events++;
            first ??= Stopwatch.GetElapsedTime(started, now).TotalMilliseconds;
            if (last is { } previous)
            {
                gaps.Add(Stopwatch.GetElapsedTime(previous, now).TotalMilliseconds);
            }
            last = now;
        }
        return new StreamResult(false, first ?? 0, gaps, events, "ended without [DONE]", headers);
    }
    catch (Exception ex)
    {
        return new StreamResult(false, first ?? 0, gaps, events, ex.GetType().Name);
    }
}

static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
