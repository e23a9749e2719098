using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

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
        OpenAIPromptExecutionSettings? settings;
        bool clientTools;
        bool includeUsage;
        try
        {
            var chat = context.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value;
            var body = await ApiRequestBody.ReadAsync(context, chat.Limits);
            var limits = chat.Uploads;
            history = RequestGeneration.ParseHistory(body["messages"], limits, chat.Limits, (message, name) => MessageContent(message, name, limits));
            model = body["model"]?.GetValue<string>();
            stream = body["stream"]?.GetValue<bool>() ?? false;
            includeUsage = body["stream_options"]?["include_usage"]?.GetValue<bool>() ?? false;
            settings = CompletionSettings.Parse(body);
            clientTools = ClientTools.Apply(body, ref settings);
        }
        catch (Exception ex) when (ApiRequestBody.StatusOf(ex) is { } status)
        {
            await WriteErrorAsync(context, status, ex.Message, status == StatusCodes.Status413PayloadTooLarge ? "request_too_large" : "invalid_request_error");
            return;
        }

        Generation generation;
        try
        {
            generation = await RequestGeneration.StartAsync(context, history, model, settings, clientTools, shared: false); // nothing resumes it elsewhere
        }
        catch (LimitExceededException refusal)
        {
            await RequestGeneration.Refused(refusal).ExecuteAsync(context);
            return;
        }
        // Like OpenAI's own API, a client that goes away stops its answer at once (no grace period).
        using var reader = generation.AttachReader();
        await using var stopOnAbort = aborted.Register(generation.Stop);
        var id = $"chatcmpl-{generation.Id:N}";
        var created = generation.StartedAt.ToUnixTimeSeconds();
        var answeringModel = model ?? generation.ProviderName;

        var promptCharacters = history.Sum(m => (long)(m.Content?.Length ?? 0));
        if (stream)
        {
            await StreamAsync(context.Response, generation.Log, id, created, answeringModel, includeUsage ? promptCharacters : null, aborted);
            return;
        }
        var answer = await AnswerLogReader.ReadAllAsync(generation.Log, cancellationToken: aborted);
        var outcome = answer.Outcome!;
        if (outcome.Status == GenerationStatus.Error && answer.Length == 0)
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
            choices = new[] { new { index = 0, message = Message(answer), finish_reason = FinishReason(answer) } },
            usage = Usage(answer, promptCharacters),
        }, ServerSentEvents.Json, aborted);
    }

    /// <summary>
    /// OpenAI's <c>usage</c>: the provider's counts when it reported them; else the output tokens streamed and the
    /// prompt estimated at four characters a token (what clients and budgets need, marked by nothing but its source).
    /// </summary>
    private static object Usage(AnswerView answer, long promptCharacters)
    {
        var prompt = answer.InputTokens ?? (int)Math.Ceiling(promptCharacters / 4.0);
        return new { prompt_tokens = prompt, completion_tokens = answer.OutputTokens, total_tokens = prompt + answer.OutputTokens };
    }

    // A message's content (a string or parts), plus a client's tool traffic: an assistant's tool_calls, and a
    // tool message carrying one call's result (see ClientTools).
    private static (string Text, IReadOnlyList<ImageContent> Images, IReadOnlyList<KernelContent> ToolItems) MessageContent(
        JsonNode message, string name, UploadsOptions limits)
    {
        var (text, images) = message["content"] switch
        {
            JsonValue value => (value.GetValue<string>(), []),
            JsonArray parts => ContentParts(parts, name, limits),
            null => ("", []),
            _ => throw new ArgumentException($"{name}: 'content' must be a string or an array of parts."),
        };
        return message["role"]?.GetValue<string>() switch
        {
            "tool" => ("", images, [new FunctionResultContent(functionName: null, pluginName: null,
                message["tool_call_id"]?.GetValue<string>() ?? throw new ArgumentException($"{name}: a tool message needs a 'tool_call_id'."), text)]),
            "assistant" when message["tool_calls"] is { } calls => (text, images, ClientTools.Calls(calls, name).ToList<KernelContent>()),
            _ => (text, images, []),
        };
    }

    // OpenAI's content parts: text and image_url. Any other part (audio, files) is refused rather than dropped.
    private static (string Text, IReadOnlyList<ImageContent> Images) ContentParts(JsonArray parts, string name, UploadsOptions limits) =>
        Endpoints.ContentParts.Read(parts, (type, part, imagesBefore) => type switch
        {
            // Either { "image_url": { "url": … } } or the older { "image_url": "…" }.
            "image_url" => RequestImage.Parse(part["image_url"] is JsonValue plain ? plain.GetValue<string>() : part["image_url"]?["url"]?.GetValue<string>(),
                $"{name} image {imagesBefore + 1}", limits),
            _ => throw new ArgumentException($"{name}: content part type '{type}' is not supported; use 'text' or 'image_url'."),
        });

    /// <param name="usageFor">With <c>stream_options.include_usage</c>: the prompt's characters, for the usage chunk before <c>[DONE]</c>.</param>
    private static async Task StreamAsync(HttpResponse response, IAnswerLog log, string id, long created, string model, long? usageFor, CancellationToken aborted)
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
            // The chunk nearly every event is: its JSON once per stream, only the text written per event.
            var contentChunk = JsonStringSlot.Of(Chunk(new { content = JsonStringSlot.Marker }, null), ServerSentEvents.Json);
            var toolCalls = new ToolCallDeltas();
            var answer = AnswerView.WithoutText(); // each event's text goes out as it comes
            await foreach (var batch in AnswerLogReader.FollowAsync(log, 0, TimeSpan.FromSeconds(15), cancellationToken: aborted))
            {
                if (batch.Count == 0)
                {
                    await ServerSentEvents.KeepAliveAsync(response, aborted);
                    continue;
                }
                if (NewText(answer, batch) is { Length: > 0 } content)
                {
                    await ServerSentEvents.WriteAsync(response, contentChunk, content, aborted);
                }
                if (toolCalls.Next(answer.ToolCalls) is { } deltas)
                {
                    await ServerSentEvents.WriteAsync(response, Chunk(new { tool_calls = deltas }, null), aborted);
                }
            }
            var outcome = answer.Outcome!;
            if (outcome.Status == GenerationStatus.Error)
            {
                await ServerSentEvents.WriteAsync(response, new { error = new { message = outcome.ErrorMessage, type = "provider_error", code = outcome.Failure?.ToString() } }, aborted);
            }
            await ServerSentEvents.WriteAsync(response, Chunk(new { }, FinishReason(answer)), aborted);
            if (usageFor is { } promptCharacters)
            {
                // Like OpenAI: one last chunk with no choices and the usage.
                await ServerSentEvents.WriteAsync(response, new { id, @object = "chat.completion.chunk", created, model, choices = Array.Empty<object>(),
                    usage = Usage(answer, promptCharacters) }, aborted);
            }
            await ServerSentEvents.DoneAsync(response, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the request's generation has been stopped.
        }
    }

    // Applies a batch to the view and returns the text it added (usually one event's, as is).
    private static string? NewText(AnswerView answer, IReadOnlyList<AnswerEvent> batch)
    {
        string? added = null;
        for (var i = 0; i < batch.Count; i++) // by index: no boxed enumerator per event
        {
            var e = batch[i];
            var text = e switch { TextAppended appended => appended.Text, AnswerStarted started => started.InitialText, _ => null };
            if (answer.Apply(e) && text is { Length: > 0 })
            {
                added = added is null ? text : added + text;
            }
        }
        return added;
    }

    private static string FinishReason(AnswerView answer) => answer.Outcome?.Failure switch
    {
        FailureKind.LengthLimit => "length",
        FailureKind.ContentFiltered => "content_filter",
        null when answer.Status == GenerationStatus.Complete && answer.ToolCalls.Count > 0 => "tool_calls",
        _ => "stop",
    };

    // OpenAI's shape: content null when the answer is only tool calls; tool_calls only when there are some.
    private static JsonObject Message(AnswerView answer)
    {
        var text = answer.Text;
        var message = new JsonObject { ["role"] = "assistant", ["content"] = text.Length > 0 || answer.ToolCalls.Count == 0 ? text : null };
        if (answer.ToolCalls.Count > 0)
        {
            message["tool_calls"] = ToolCallDeltas.All(answer.ToolCalls);
        }
        return message;
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new { error = new { message, type } }, ServerSentEvents.Json);
    }
}
