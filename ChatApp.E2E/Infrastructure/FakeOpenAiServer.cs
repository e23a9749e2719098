using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatApp.E2E.Infrastructure;

/// <summary>What the fake server does with one request.</summary>
/// <param name="Words">The answer, streamed one chunk per word.</param>
/// <param name="Status">Refuse with this HTTP status instead.</param>
/// <param name="DropAfter">Abort the connection after this many chunks (no finish reason, no [DONE]).</param>
/// <param name="Stall">Send headers, then nothing.</param>
/// <param name="ToolCalls">After the words, stream these as <c>tool_calls</c> deltas (arguments in small pieces) and finish with <c>tool_calls</c>.</param>
/// <param name="NoFinishReason">Never send a <c>finish_reason</c> (like minimal OpenAI-compatible servers).</param>
/// <param name="NoDone">End the response cleanly without <c>data: [DONE]</c>.</param>
/// <param name="ErrorMessage">The <c>error.message</c> sent with <paramref name="Status"/>.</param>
/// <param name="HoldAfter">After word <c>After</c> (0-based) the stream waits until <c>Until</c> completes: a test's moment to act mid-stream, however slow the machine.</param>
public sealed record FakeResponse(IReadOnlyList<string> Words, int? Status = null, int? DropAfter = null, bool Stall = false, IReadOnlyList<FakeToolCall>? ToolCalls = null,
    bool NoFinishReason = false, bool NoDone = false, string ErrorMessage = "overloaded", (int After, Task Until)? HoldAfter = null);

/// <summary>A tool call the fake model makes.</summary>
public sealed record FakeToolCall(string Id, string Name, string Arguments);

/// <summary>What the fake server was asked.</summary>
/// <param name="Number">1-based request count.</param>
/// <param name="LastAssistantMessage">The assistant prefix when the request is a "continue".</param>
/// <param name="OfferedTools">The names of the tools the request offered.</param>
/// <param name="ToolResults">The <c>tool</c> messages of the request: (tool_call_id, content).</param>
/// <param name="ImageUrls">The <c>image_url</c> parts of the request's messages (data URLs for uploads).</param>
public sealed record FakeRequest(int Number, bool Stream, string? LastAssistantMessage, IReadOnlyList<string> OfferedTools,
    IReadOnlyList<(string CallId, string Content)> ToolResults, IReadOnlyList<string> ImageUrls);

/// <summary>
/// An OpenAI-compatible chat completions server over real HTTP on loopback: streams SSE chunks with a delay
/// between them (or answers non-streaming requests with JSON), does what <see cref="Respond"/> says per
/// request, and records whether the client closed a request before the end.
/// </summary>
public sealed class FakeOpenAiServer : LoopbackServer
{
    private readonly TaskCompletionSource _requestAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _chunksSent;
    private int _requests;

    public FakeOpenAiServer(IReadOnlyList<string> words, TimeSpan delayBetweenChunks)
    {
        Respond = _ => new FakeResponse(words);
        // The OpenAI path, and Azure OpenAI's (deployment in the path, key in an api-key header).
        App.MapPost("/openai/deployments/{deployment}/chat/completions", (HttpContext context, string deployment) =>
        {
            AzureCalls.Enqueue((deployment, context.Request.Headers["api-key"].ToString()));
            return Handle(context);
        });
        App.MapPost("/v1/chat/completions", (HttpContext context) => Handle(context));

        async Task Handle(HttpContext context)
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            var stream = body?["stream"]?.GetValue<bool>() ?? false;
            var messages = body?["messages"]?.AsArray();
            var last = messages?.LastOrDefault();
            var prefix = last?["role"]?.GetValue<string>() == "assistant" ? ContentOf(last) : null;
            var tools = body?["tools"]?.AsArray().Select(t => t?["function"]?["name"]?.GetValue<string>() ?? "").ToArray() ?? [];
            var toolResults = messages?.Where(m => m?["role"]?.GetValue<string>() == "tool")
                .Select(m => (m!["tool_call_id"]?.GetValue<string>() ?? "", ContentOf(m) ?? "")).ToArray() ?? [];
            var imageUrls = messages?.SelectMany(m => m?["content"] is JsonArray parts ? parts : [])
                .Select(p => p?["image_url"]?["url"]?.GetValue<string>()).OfType<string>().ToArray() ?? [];
            var request = new FakeRequest(Interlocked.Increment(ref _requests), stream, prefix, tools, toolResults, imageUrls);
            Requests.Enqueue(request);
            var response = Respond(request);
            var aborted = context.RequestAborted;

            if (response.Status is { } status)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new { error = new { message = response.ErrorMessage, type = status == 400 ? "invalid_request_error" : "overloaded_error" } });
                return;
            }
            if (!stream)
            {
                await context.Response.WriteAsJsonAsync(Completion(string.Concat(response.Words)));
                return;
            }
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            try
            {
                if (response.Stall)
                {
                    await context.Response.Body.FlushAsync(aborted);
                    await Task.Delay(Timeout.Infinite, aborted);
                }
                await Task.Delay(FirstChunkDelay, aborted);
                for (var i = 0; i < response.Words.Count; i++)
                {
                    if (response.DropAfter == i)
                    {
                        context.Abort(); // the connection just closes: no finish reason, no [DONE]
                        return;
                    }
                    await WriteChunkAsync(context, new { role = "assistant", content = response.Words[i] }, null, aborted);
                    if (i == 0)
                    {
                        FirstChunkSentAt.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
                    }
                    Interlocked.Increment(ref _chunksSent);
                    if (response.HoldAfter is { } hold && hold.After == i)
                    {
                        await hold.Until.WaitAsync(aborted);
                    }
                    await Task.Delay(delayBetweenChunks, aborted);
                }
                foreach (var (call, index) in (response.ToolCalls ?? []).Select((c, i) => (c, i)))
                {
                    // Like OpenAI: the call's id and name first, then its arguments in pieces.
                    await WriteChunkAsync(context, new { tool_calls = new[] { new { index, id = call.Id, type = "function", function = new { name = call.Name, arguments = "" } } } }, null, aborted);
                    foreach (var piece in call.Arguments.Chunk(6).Select(p => new string(p)))
                    {
                        await Task.Delay(delayBetweenChunks, aborted);
                        await WriteChunkAsync(context, new { tool_calls = new[] { new { index, function = new { arguments = piece } } } }, null, aborted);
                    }
                }
                if (!response.NoFinishReason)
                {
                    await WriteChunkAsync(context, new { }, response.ToolCalls is { Count: > 0 } ? "tool_calls" : "stop", aborted);
                }
                if (!response.NoDone)
                {
                    await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
                }
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                Aborts.Enqueue((request.Number, System.Diagnostics.Stopwatch.GetTimestamp()));
                _requestAborted.TrySetResult();
            }
            catch (IOException)
            {
                Aborts.Enqueue((request.Number, System.Diagnostics.Stopwatch.GetTimestamp()));
                _requestAborted.TrySetResult();
            }
        }
    }

    /// <summary>Requests on the Azure OpenAI path: the deployment and the api-key header.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string Deployment, string ApiKey)> AzureCalls { get; } = new();

    /// <summary>Decides each request's response; by default streams the constructor's words.</summary>
    public Func<FakeRequest, FakeResponse> Respond { get; set; }

    public System.Collections.Concurrent.ConcurrentQueue<FakeRequest> Requests { get; } = new();

    /// <summary>The endpoint to configure in ChatApp (the connector appends <c>/chat/completions</c>).</summary>
    public string Endpoint => BaseUrl + "/v1";

    /// <summary>App settings with this server as the only provider entry: an <c>openai</c> kind named "Fake GPT".</summary>
    public Dictionary<string, string?> AsOnlyProvider() => new()
    {
        ["Chat:Providers:0:Name"] = "Fake GPT",
        ["Chat:Providers:0:Kind"] = "openai",
        ["Chat:Providers:0:Endpoint"] = Endpoint,
        ["Chat:Providers:0:Model"] = "fake-model",
    };

    public int ChunksSent => Volatile.Read(ref _chunksSent);

    /// <summary>How long a streamed answer waits before its first chunk (a real model's time to first token).</summary>
    public TimeSpan FirstChunkDelay { get; set; }

    /// <summary>When each streamed answer's first chunk was flushed to the socket (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>: a monotonic clock).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<long> FirstChunkSentAt { get; } = new();

    /// <summary>Each request the client closed before its stream ended: its number, and when (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(int Number, long At)> Aborts { get; } = new();

    /// <summary>Completes when a client closed its request before the stream ended.</summary>
    public Task RequestAborted => _requestAborted.Task;

    private static string? ContentOf(JsonNode? message) => message?["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
        _ => null,
    };

    private static object Completion(string text) => new
    {
        id = "chatcmpl-fake",
        @object = "chat.completion",
        created = 0,
        model = "fake-model",
        choices = new[] { new { index = 0, message = new { role = "assistant", content = text }, finish_reason = "stop" } },
    };

    private static async Task WriteChunkAsync(HttpContext context, object delta, string? finishReason, CancellationToken cancellationToken)
    {
        var chunk = new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 0,
            model = "fake-model",
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
