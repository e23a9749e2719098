using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the OpenAI chat completions API over this app's providers, so any
/// OpenAI client library can use it as a streaming gateway with its failover, limits and metrics.
/// <c>stream: true</c> answers as Server-Sent Events in the same ~16 ms frames the chat page gets; the
/// request closing stops the answer (the provider's request closes too).
/// </summary>
public static class OpenAiCompatibleEndpoint
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task HandleAsync(HttpContext context, ProviderCatalog providers, GenerationRegistry registry, FailoverChatStream failover)
    {
        var aborted = context.RequestAborted;
        ChatCompletionRequest request;
        try
        {
            request = ChatCompletionRequest.Parse(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: aborted));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest, ex.Message, "invalid_request_error");
            return;
        }

        var provider = GenerationFrames.PickProvider(providers, request.Model);
        var generation = registry.Start(provider.Name, (g, cancellationToken) => failover.StreamAsync(request.History, provider, g, cancellationToken));
        using var viewer = generation.AttachViewer();
        // An API client that goes away has stopped listening: stop at once, no grace period.
        await using var stopOnAbort = aborted.Register(generation.Stop);
        var id = $"chatcmpl-{generation.Id:N}";
        var created = generation.StartedAt.ToUnixTimeSeconds();
        var model = request.Model ?? provider.Model ?? provider.Name;

        if (request.Stream)
        {
            await StreamAsync(context, generation, id, created, model, aborted);
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
            model,
            choices = new[] { new { index = 0, message = new { role = "assistant", content = generation.Text }, finish_reason = FinishReason(outcome) } },
        }, Json, aborted);
    }

    private static async Task StreamAsync(HttpContext context, Generation generation, string id, long created, string model, CancellationToken aborted)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // reverse proxies must not buffer the stream
        try
        {
            await WriteChunkAsync(response, id, created, model, new { role = "assistant", content = "" }, null, aborted);
            await foreach (var text in GenerationFrames.NewTextAsync(generation, TimeSpan.FromSeconds(15), aborted))
            {
                if (text is null)
                {
                    // A comment keeps idle proxies from closing the stream while the model thinks.
                    await response.WriteAsync(": keep-alive\n\n", aborted);
                    await response.Body.FlushAsync(aborted);
                    continue;
                }
                await WriteChunkAsync(response, id, created, model, new { content = text }, null, aborted);
            }
            var outcome = await generation.Completion;
            if (outcome.Status == GenerationStatus.Error)
            {
                var error = JsonSerializer.Serialize(new { error = new { message = outcome.ErrorMessage, type = "provider_error", code = outcome.Failure?.ToString() } }, Json);
                await response.WriteAsync($"data: {error}\n\n", aborted);
            }
            await WriteChunkAsync(response, id, created, model, new { }, FinishReason(outcome), aborted);
            await response.WriteAsync("data: [DONE]\n\n", aborted);
            await response.Body.FlushAsync(aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the registration above has stopped the answer.
        }
    }

    private static string FinishReason(StreamOutcome outcome) => outcome.Failure switch
    {
        FailureKind.LengthLimit => "length",
        FailureKind.ContentFiltered => "content_filter",
        _ => "stop",
    };

    private static async Task WriteChunkAsync(HttpResponse response, string id, long created, string model, object delta, string? finishReason, CancellationToken cancellationToken)
    {
        var chunk = JsonSerializer.Serialize(new
        {
            id,
            @object = "chat.completion.chunk",
            created,
            model,
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        }, Json);
        await response.WriteAsync($"data: {chunk}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type } }, Json);
    }

    /// <summary>The parts of an OpenAI chat completions request this gateway uses.</summary>
    private sealed record ChatCompletionRequest(string? Model, bool Stream, ChatHistory History)
    {
        public static ChatCompletionRequest Parse(JsonNode? body)
        {
            if (body is not JsonObject json)
            {
                throw new ArgumentException("The request body must be a JSON object.");
            }
            if (json["messages"] is not JsonArray { Count: > 0 } messages)
            {
                throw new ArgumentException("'messages' must be a non-empty array.");
            }
            var history = new ChatHistory();
            foreach (var message in messages)
            {
                var role = message?["role"]?.GetValue<string>() ?? throw new ArgumentException("Every message needs a 'role'.");
                var content = message["content"] switch
                {
                    JsonValue value => value.GetValue<string>(),
                    JsonArray parts => string.Concat(parts.Select(p => p?["type"]?.GetValue<string>() == "text" ? p["text"]?.GetValue<string>() : null)),
                    null => "",
                    _ => throw new ArgumentException("'content' must be a string or an array of parts."),
                };
                history.AddMessage(role switch
                {
                    "system" or "developer" => AuthorRole.System,
                    "user" => AuthorRole.User,
                    "assistant" => AuthorRole.Assistant,
                    _ => throw new ArgumentException($"Unsupported role '{role}'."),
                }, content);
            }
            return new ChatCompletionRequest(json["model"]?.GetValue<string>(), json["stream"]?.GetValue<bool>() ?? false, history);
        }
    }
}
