using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>POST /api/chat</c>: the Vercel AI SDK UI message stream protocol (v1) over SSE, so a <c>useChat</c>
/// front end can use this server as its back end: <c>start</c>, <c>text-start</c>, <c>text-delta</c> per
/// frame, <c>text-end</c>, <c>finish</c> (or <c>error</c>), then <c>[DONE]</c>.
/// </summary>
public static class AiSdkChatEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext context, ProviderCatalog providers, GenerationRegistry registry, FailoverChatStream failover)
    {
        var aborted = context.RequestAborted;
        ChatHistory history;
        string? model;
        try
        {
            (history, model) = Parse(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = ex.Message }, Json, aborted);
            return;
        }

        var provider = GenerationFrames.PickProvider(providers, model);
        var generation = registry.Start(provider.Name, (g, cancellationToken) => failover.StreamAsync(history, provider, g, cancellationToken));
        using var viewer = generation.AttachViewer();
        await using var stopOnAbort = aborted.Register(generation.Stop);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers["x-vercel-ai-ui-message-stream"] = "v1";
        var textId = $"text-{generation.Id:N}";
        try
        {
            await WriteAsync(response, new { type = "start", messageId = $"msg-{generation.Id:N}" }, aborted);
            await WriteAsync(response, new { type = "start-step" }, aborted);
            var started = false;
            await foreach (var text in GenerationFrames.NewTextAsync(generation, TimeSpan.FromSeconds(15), aborted))
            {
                if (text is null)
                {
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }
                if (!started)
                {
                    await WriteAsync(response, new { type = "text-start", id = textId }, aborted);
                    started = true;
                }
                await WriteAsync(response, new { type = "text-delta", id = textId, delta = text }, aborted);
            }
            if (started)
            {
                await WriteAsync(response, new { type = "text-end", id = textId }, aborted);
            }
            var outcome = await generation.Completion;
            if (outcome.Status == GenerationStatus.Error)
            {
                await WriteAsync(response, new { type = "error", errorText = outcome.ErrorMessage }, aborted);
            }
            await WriteAsync(response, new { type = "finish-step" }, aborted);
            await WriteAsync(response, new { type = "finish" }, aborted);
            await response.WriteAsync("data: [DONE]\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the registration above has stopped the answer.
        }
    }

    private static async Task WriteAsync(HttpResponse response, object part, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {JsonSerializer.Serialize(part, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    // useChat sends { id, messages: [{ id, role, parts: [{ type: "text", text }] }] } (older clients: content).
    private static (ChatHistory History, string? Model) Parse(JsonNode? body)
    {
        if (body is not JsonObject json || json["messages"] is not JsonArray { Count: > 0 } messages)
        {
            throw new ArgumentException("'messages' must be a non-empty array.");
        }
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            var role = message?["role"]?.GetValue<string>() ?? throw new ArgumentException("Every message needs a 'role'.");
            var text = message["parts"] is JsonArray parts
                ? string.Concat(parts.Where(p => p?["type"]?.GetValue<string>() == "text").Select(p => p!["text"]?.GetValue<string>()))
                : message["content"]?.GetValue<string>() ?? "";
            history.AddMessage(role switch
            {
                "system" => AuthorRole.System,
                "user" => AuthorRole.User,
                "assistant" => AuthorRole.Assistant,
                _ => throw new ArgumentException($"Unsupported role '{role}'."),
            }, text);
        }
        return (history, json["model"]?.GetValue<string>());
    }
}
