using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>POST /api/chat</c>: the Vercel AI SDK UI message stream protocol (v1) over SSE, so a <c>useChat</c>
/// front end can use this server as its back end: <c>start</c>, <c>text-start</c>, <c>text-delta</c> per
/// frame, <c>text-end</c>, <c>finish</c> (or <c>error</c>), then <c>[DONE]</c>.
/// </summary>
public static class AiSdkChatEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        ChatHistory history;
        string? model;
        try
        {
            // useChat sends { id, messages: [{ id, role, parts: [{ type: "text", text }] }] } (older clients: content).
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted) as JsonObject
                ?? throw new ArgumentException("The request body must be a JSON object.");
            var limits = context.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value.Uploads;
            history = RequestGeneration.ParseHistory(body["messages"], limits, (message, name) => message["parts"] is JsonArray parts
                ? Parts(parts, name, limits)
                : (message["content"]?.GetValue<string>() ?? "", [], []));
            model = body["model"]?.GetValue<string>();
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = ex.Message }, ServerSentEvents.Json, aborted);
            return;
        }

        await using var request = RequestGeneration.Start(context, history, model, settings: null);
        var generation = request.Generation;
        var response = context.Response;
        ServerSentEvents.Begin(response);
        response.Headers["x-vercel-ai-ui-message-stream"] = "v1";
        var textId = $"text-{generation.Id:N}";
        try
        {
            await ServerSentEvents.WriteAsync(response, new { type = "start", messageId = $"msg-{generation.Id:N}" }, aborted);
            await ServerSentEvents.WriteAsync(response, new { type = "start-step" }, aborted);
            var started = false;
            await foreach (var text in GenerationFrames.NewTextAsync(generation, TimeSpan.FromSeconds(15), aborted))
            {
                if (text is null)
                {
                    await ServerSentEvents.KeepAliveAsync(response, aborted);
                    continue;
                }
                if (text.Length == 0)
                {
                    continue;
                }
                if (!started)
                {
                    await ServerSentEvents.WriteAsync(response, new { type = "text-start", id = textId }, aborted);
                    started = true;
                }
                await ServerSentEvents.WriteAsync(response, new { type = "text-delta", id = textId, delta = text }, aborted);
            }
            if (started)
            {
                await ServerSentEvents.WriteAsync(response, new { type = "text-end", id = textId }, aborted);
            }
            var outcome = await generation.Completion;
            if (outcome.Status == GenerationStatus.Error)
            {
                await ServerSentEvents.WriteAsync(response, new { type = "error", errorText = outcome.ErrorMessage }, aborted);
            }
            await ServerSentEvents.WriteAsync(response, new { type = "finish-step" }, aborted);
            await ServerSentEvents.WriteAsync(response, new { type = "finish" }, aborted);
            await ServerSentEvents.DoneAsync(response, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the request's generation has been stopped.
        }
    }

    // useChat's parts: text, and files (an image is { type: "file", mediaType: "image/png", url: "data:…" }).
    // A file that is not an image is refused rather than dropped; UI-only parts (step-start, reasoning,
    // tool and data parts of earlier answers) carry nothing for the model and are skipped.
    private static (string Text, IReadOnlyList<ImageContent> Images, IReadOnlyList<KernelContent> ToolItems) Parts(JsonArray parts, string name, UploadsOptions limits)
    {
        var (text, images) = ContentParts.Read(parts, (type, part, imagesBefore) => type switch
        {
            "file" when part["mediaType"]?.GetValue<string>() is { } mediaType && !mediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) =>
                throw new ArgumentException($"{name}: file parts of type '{mediaType}' are not supported; only images are."),
            "file" => RequestImage.Parse(part["url"]?.GetValue<string>(),
                part["filename"]?.GetValue<string>() is { Length: > 0 } fileName ? $"{name} {fileName}" : $"{name} image {imagesBefore + 1}", limits),
            _ => null,
        });
        return (text, images, []);
    }
}
