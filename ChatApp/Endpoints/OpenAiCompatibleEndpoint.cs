using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the OpenAI chat completions API over this app's providers, so any
/// OpenAI client library can use it as a streaming gateway with its routing, failover and metrics.
/// <c>stream: true</c> answers as Server-Sent Events in the same ~16 ms frames the chat page gets; the
/// request closing stops the answer (the provider's request closes too).
/// </summary>
public static class OpenAiCompatibleEndpoint
{
    public static async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        ChatHistory history;
        string? model;
        bool stream;
        PromptExecutionSettings? settings;
        try
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted) as JsonObject
                ?? throw new ArgumentException("The request body must be a JSON object.");
            var limits = context.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value.Uploads;
            history = RequestGeneration.ParseHistory(body["messages"], limits, (message, name) => message["content"] switch
            {
                JsonValue value => (value.GetValue<string>(), []),
                JsonArray parts => ContentParts(parts, name, limits),
                null => ("", []),
                _ => throw new ArgumentException($"{name}: 'content' must be a string or an array of parts."),
            });
            model = body["model"]?.GetValue<string>();
            stream = body["stream"]?.GetValue<bool>() ?? false;
            settings = CompletionSettings.Parse(body);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message, "invalid_request_error");
            return;
        }

        await using var request = RequestGeneration.Start(context, history, model, settings);
        var generation = request.Generation;
        var id = $"chatcmpl-{generation.Id:N}";
        var created = generation.StartedAt.ToUnixTimeSeconds();
        var answeringModel = model ?? generation.ProviderName;

        if (stream)
        {
            await StreamAsync(context.Response, generation, id, created, answeringModel, aborted);
            return;
        }
        var outcome = await generation.Completion;
        if (outcome.Status == GenerationStatus.Error && generation.Text.Length == 0)
        {
            await WriteErrorAsync(context, outcome.StatusCode is >= 400 and < 600 ? outcome.StatusCode.Value : StatusCodes.Status502BadGateway,
                outcome.ErrorMessage ?? "The provider failed.", "provider_error");
            return;
        }
        await context.Response.WriteAsJsonAsync(new
        {
            id,
            @object = "chat.completion",
            created,
            model = answeringModel,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = generation.Text }, finish_reason = FinishReason(outcome) } },
        }, ServerSentEvents.Json, aborted);
    }

    // OpenAI's content parts: text and image_url. Any other part (audio, files) is refused rather than dropped.
    private static (string Text, IReadOnlyList<ImageContent> Images) ContentParts(JsonArray parts, string name, UploadsOptions limits)
    {
        var text = new StringBuilder();
        var images = new List<ImageContent>();
        foreach (var part in parts)
        {
            switch (part?["type"]?.GetValue<string>())
            {
                case "text":
                    text.Append(part["text"]?.GetValue<string>());
                    break;
                case "image_url":
                    // Either { "image_url": { "url": … } } or the older { "image_url": "…" }.
                    var url = part["image_url"] is JsonValue plain ? plain.GetValue<string>() : part["image_url"]?["url"]?.GetValue<string>();
                    images.Add(RequestImage.Parse(url, $"{name} image {images.Count + 1}", limits));
                    break;
                case var type:
                    throw new ArgumentException($"{name}: content part type '{type}' is not supported; use 'text' or 'image_url'.");
            }
        }
        return (text.ToString(), images);
    }

    private static async Task StreamAsync(HttpResponse response, Generation generation, string id, long created, string model, CancellationToken aborted)
    {
        ServerSentEvents.Begin(response);
        object Chunk(object delta, string? finishReason) => new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        try
        {
            await ServerSentEvents.WriteAsync(response, Chunk(new { role = "assistant", content = "" }, null), aborted);
            await foreach (var text in GenerationFrames.NewTextAsync(generation, TimeSpan.FromSeconds(15), aborted))
            {
                await (text is null
                    ? ServerSentEvents.KeepAliveAsync(response, aborted)
                    : ServerSentEvents.WriteAsync(response, Chunk(new { content = text }, null), aborted));
            }
            var outcome = await generation.Completion;
            if (outcome.Status == GenerationStatus.Error)
            {
                await ServerSentEvents.WriteAsync(response, new { error = new { message = outcome.ErrorMessage, type = "provider_error", code = outcome.Failure?.ToString() } }, aborted);
            }
            await ServerSentEvents.WriteAsync(response, Chunk(new { }, FinishReason(outcome)), aborted);
            await ServerSentEvents.DoneAsync(response, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the request's generation has been stopped.
        }
    }

    private static string FinishReason(StreamOutcome outcome) => outcome.Failure switch
    {
        FailureKind.LengthLimit => "length",
        FailureKind.ContentFiltered => "content_filter",
        _ => "stop",
    };

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type } }, ServerSentEvents.Json);
    }
}
