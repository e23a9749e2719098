using System.Text.Json;
using System.Text.RegularExpressions;

// The load tool's baseline: the smallest ASP.NET Core server that streams /v1/chat/completions on the same schedule
// as ChatApp's simulated model in the README's load runs (the prompt after "/echo" split into the same tokens, first
// token after 300 ms, then 20 tokens a second, each due at a fixed time from the start). No log, no storage, no
// limits: what one SSE stream costs at the least, so ChatApp's figures have something to be compared with.
// dotnet run -c Release --project ChatApp.LoadTest.MinimalServer -- --urls http://127.0.0.1:5098 [--backlog 4096]
// --backlog: the listen queue (Kestrel's default 512). ChatApp listens with 4,096; give the baseline the same when the
// kernel's listen-queue overflows (nstat TcpExtListenOverflows) would otherwise put 1-3 s SYN retries in its figures.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
if (builder.Configuration["backlog"] is { } backlog)
{
    builder.WebHost.UseSockets(sockets => sockets.Backlog = int.Parse(backlog));
}
var app = builder.Build();
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var token = new Regex(@"\s*\p{L}{1,8}|\s*\d{1,3}|\s*[^\s\p{L}\d]|\s+", RegexOptions.CultureInvariant | RegexOptions.Compiled);
var firstToken = TimeSpan.FromMilliseconds(300);
var gap = TimeSpan.FromSeconds(1 / 20.0);

app.MapPost("/v1/chat/completions", async (HttpContext context) =>
{
    using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
    var messages = body.RootElement.GetProperty("messages");
    var prompt = messages[messages.GetArrayLength() - 1].GetProperty("content").GetString() ?? "";
    var text = prompt.StartsWith("/echo ", StringComparison.Ordinal) ? prompt["/echo ".Length..] : prompt;
    var id = $"chatcmpl-{Guid.NewGuid():N}";
    var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
    context.Response.ContentType = "text/event-stream";
    context.Response.Headers.CacheControl = "no-cache";
    var started = TimeProvider.System.GetTimestamp();
    async Task SendAsync(object delta, string? finishReason)
    {
        var chunk = new { id, @object = "chat.completion.chunk", created, model = "minimal", choices = new[] { new { index = 0, delta, finish_reason = finishReason } } };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk, json)}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
    await SendAsync(new { role = "assistant", content = "" }, null);
    var ends = new List<int>();
    foreach (var match in token.EnumerateMatches(text))
    {
        ends.Add(match.Index + match.Length);
    }
    var due = firstToken;
    for (var i = 0; i < ends.Count; i++)
    {
        var wait = due - TimeProvider.System.GetElapsedTime(started);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, context.RequestAborted);
        }
        await SendAsync(new { content = text[(i == 0 ? 0 : ends[i - 1])..ends[i]] }, null);
        due += gap;
    }
    await SendAsync(new { }, "stop");
    await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
});

app.Run();
