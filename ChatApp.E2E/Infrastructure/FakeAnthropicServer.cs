using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// An Anthropic Messages API server over real HTTP on loopback: <c>POST /v1/messages</c> streams the
/// documented SSE events (message_start, content_block_delta text deltas, message_delta with the stop
/// reason, message_stop), or refuses with <see cref="RefuseWith"/>. Records the key and model of each request.
/// </summary>
public sealed class FakeAnthropicServer : LoopbackServer
{

    public FakeAnthropicServer(IReadOnlyList<string> words, TimeSpan delayBetweenChunks)
    {
        App.MapPost("/v1/messages", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body);
            // The SDK sends an API key as a bearer token (older versions used x-api-key): accept either.
            var key = context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } apiKey ? apiKey
                : context.Request.Headers.Authorization.ToString().Replace("Bearer ", "", StringComparison.Ordinal);
            Calls.Enqueue((key, body?["model"]?.GetValue<string>() ?? "", body?["stream"]?.GetValue<bool>() ?? false));
            foreach (var block in body?["messages"]?.AsArray().SelectMany(m => m?["content"] is JsonArray parts ? parts : []) ?? [])
            {
                if (block?["type"]?.GetValue<string>() == "image")
                {
                    ImageBlocks.Enqueue((block["source"]?["media_type"]?.GetValue<string>() ?? "", block["source"]?["data"]?.GetValue<string>() ?? ""));
                }
            }
            if (RefuseWith is { } status)
            {
                context.Response.StatusCode = status;
                await context.Response.WriteAsJsonAsync(new { type = "error", error = new { type = "overloaded_error", message = "Overloaded" } });
                return;
            }
            var aborted = context.RequestAborted;
            var toolResults = body?["messages"]?.AsArray().SelectMany(m => m?["content"] is JsonArray parts ? parts : [])
                .Where(b => b?["type"]?.GetValue<string>() == "tool_result").Select(b => b!["tool_use_id"]?.GetValue<string>() ?? "").ToList() ?? [];
            ToolResultIds.Enqueue(toolResults);
            var calls = toolResults.Count == 0 ? ToolCalls : [];
            context.Response.ContentType = "text/event-stream";
            await SendAsync(context, "message_start", new
            {
                type = "message_start",
                message = new
                {
                    id = "msg_fake", type = "message", role = "assistant", model = "fake-claude", content = Array.Empty<object>(),
                    stop_reason = (string?)null, stop_sequence = (string?)null, usage = new { input_tokens = 10, output_tokens = 1 },
                },
            }, aborted);
            await SendAsync(context, "content_block_start", new { type = "content_block_start", index = 0, content_block = new { type = "text", text = "" } }, aborted);
            foreach (var word in words)
            {
                await Task.Delay(delayBetweenChunks, aborted);
                await SendAsync(context, "content_block_delta", new { type = "content_block_delta", index = 0, delta = new { type = "text_delta", text = word } }, aborted);
            }
            await SendAsync(context, "content_block_stop", new { type = "content_block_stop", index = 0 }, aborted);
            for (var i = 0; i < calls.Count; i++)
            {
                // A tool_use block: id and name first, then its input as partial JSON.
                await SendAsync(context, "content_block_start", new { type = "content_block_start", index = i + 1, content_block = new { type = "tool_use", id = calls[i].Id, name = calls[i].Name, input = new { } } }, aborted);
                foreach (var piece in calls[i].Arguments.Chunk(8).Select(p => new string(p)))
                {
                    await Task.Delay(delayBetweenChunks, aborted);
                    await SendAsync(context, "content_block_delta", new { type = "content_block_delta", index = i + 1, delta = new { type = "input_json_delta", partial_json = piece } }, aborted);
                }
                await SendAsync(context, "content_block_stop", new { type = "content_block_stop", index = i + 1 }, aborted);
            }
            var stopReason = calls.Count > 0 ? "tool_use" : "end_turn";
            await SendAsync(context, "message_delta", new { type = "message_delta", delta = new { stop_reason = stopReason, stop_sequence = (string?)null }, usage = new { output_tokens = words.Count } }, aborted);
            await SendAsync(context, "message_stop", new { type = "message_stop" }, aborted);
        });
    }

    /// <summary>Tool calls to make after the words when the request carries no tool results yet.</summary>
    public IReadOnlyList<FakeToolCall> ToolCalls { get; set; } = [];

    /// <summary>Per request: the ids of the tool results it carried.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<List<string>> ToolResultIds { get; } = new();

    /// <summary>Refuse every request with this status (e.g. 529 overloaded) instead of answering.</summary>
    public int? RefuseWith { get; set; }

    public System.Collections.Concurrent.ConcurrentQueue<(string ApiKey, string Model, bool Stream)> Calls { get; } = new();

    /// <summary>The image blocks the requests carried: (media type, base64 data).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<(string MediaType, string Data)> ImageBlocks { get; } = new();

    private static async Task SendAsync(HttpContext context, string name, object data, CancellationToken cancellationToken)
    {
        await context.Response.WriteAsync($"event: {name}\ndata: {JsonSerializer.Serialize(data)}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }
}
