using System.Text.Json;
using System.Text.Json.Nodes;
using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// <c>/api/chat</c>: the Vercel AI SDK UI message stream protocol (v1) over SSE, so a <c>useChat</c> front end can
/// use this server as its back end. Every event carries an SSE <c>id:</c> (the answer log's sequence number).
/// A client that goes away does not stop the answer: it runs on for <c>Chat:Streaming:DisconnectGraceSeconds</c>
/// and <c>GET /api/chat/{chatId}/stream</c> resumes it (from <c>Last-Event-ID</c>, else from its start, which is
/// what <c>useChat({ resume: true })</c> expects); <c>DELETE /api/chat/{chatId}/stream</c> stops it.
/// </summary>
public static class AiSdkChatEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        ChatHistory history;
        string? model;
        string? chatId;
        try
        {
            // useChat sends { id, messages: [{ id, role, parts: [{ type: "text", text }] }] } (older clients: content).
            var chat = context.RequestServices.GetRequiredService<IOptions<ChatOptions>>().Value;
            var body = await ApiRequestBody.ReadAsync(context, chat.Limits);
            var limits = chat.Uploads;
            history = RequestGeneration.ParseHistory(body["messages"], limits, chat.Limits, (message, name) => message["parts"] is JsonArray parts
                ? Parts(parts, name, limits)
                : (message["content"]?.GetValue<string>() ?? "", [], []));
            model = body["model"]?.GetValue<string>();
            chatId = body["id"]?.GetValue<string>();
        }
        catch (Exception ex) when (ApiRequestBody.StatusOf(ex) is { } status)
        {
            if (status == StatusCodes.Status413PayloadTooLarge)
            {
                await ApiErrors.Of(status, ex.Message, "request_too_large").ExecuteAsync(context);
                return;
            }
            context.Response.StatusCode = status;
            await context.Response.WriteAsJsonAsync(new { error = ex.Message }, ServerSentEvents.Json, aborted);
            return;
        }

        Generation generation;
        try
        {
            generation = await RequestGeneration.StartAsync(context, history, model, settings: null);
        }
        catch (LimitExceededException refusal)
        {
            await RequestGeneration.Refused(refusal).ExecuteAsync(context);
            return;
        }
        if (!string.IsNullOrEmpty(chatId))
        {
            context.RequestServices.GetRequiredService<ChatStreams>().Track(chatId, generation.Id, generation.Completion);
        }
        // This request is one reader: leaving starts the grace period, it does not stop the answer.
        using var reader = generation.AttachReader();
        await StreamAsync(context, generation.Log, lastEventId: 0);
    }

    /// <summary><c>GET /api/chat/{chatId}/stream</c>: the chat's running answer, after <c>Last-Event-ID</c>; 204 when none runs.</summary>
    public static async Task ResumeAsync(HttpContext context, string chatId)
    {
        var header = context.Request.Headers["Last-Event-ID"].ToString();
        long lastEventId = 0;
        if (header.Length > 0 && (!long.TryParse(header, out lastEventId) || lastEventId < 0))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new { error = $"Last-Event-ID must be a non-negative integer (was '{header}')." }, ServerSentEvents.Json);
            return;
        }
        var generation = await RunningAnswerAsync(context, chatId);
        if (generation is null || !generation.Status.IsActive())
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }
        using var reader = generation.AttachReader();
        await StreamAsync(context, generation.Log, lastEventId);
    }

    // The chat's running answer: produced here, or (scaled out) followed here from the instance that produces it.
    private static async Task<Generation?> RunningAnswerAsync(HttpContext context, string chatId)
    {
        if (await context.RequestServices.GetRequiredService<ChatStreams>().RunningAnswerOfAsync(chatId) is not { } answerId)
        {
            return null;
        }
        if (context.RequestServices.GetRequiredService<GenerationRegistry>().TryGetActive(answerId, out var generation))
        {
            return generation;
        }
        var shared = context.RequestServices.GetService<ScaleOut.SharedAnswers>();
        try
        {
            return shared is not null && await shared.IsRunningAsync(answerId)
                ? context.RequestServices.GetRequiredService<ScaleOut.AnswerMirrors>().Follow(answerId)
                : null;
        }
        catch (StackExchange.Redis.RedisException)
        {
            return null; // Redis away: another instance's answer cannot be followed now
        }
    }

    /// <summary><c>DELETE /api/chat/{chatId}/stream</c>: stops the chat's running answer (its partial is kept), on whichever instance runs it.</summary>
    public static async Task<IResult> StopAsync(HttpContext context, string chatId)
    {
        var answerId = await context.RequestServices.GetRequiredService<ChatStreams>().RunningAnswerOfAsync(chatId);
        var shared = context.RequestServices.GetService<ScaleOut.SharedAnswers>();
        var stopped = answerId is { } id && (context.RequestServices.GetRequiredService<GenerationRegistry>().Stop(id)
            || shared is not null && await StopElsewhereAsync(shared, id));
        return stopped
            ? Results.NoContent()
            : Results.Json(new { error = $"No answer is running for chat '{chatId}'." }, ServerSentEvents.Json, statusCode: StatusCodes.Status404NotFound);
    }

    private static async Task<bool> StopElsewhereAsync(ScaleOut.SharedAnswers shared, Guid answerId)
    {
        try
        {
            return await shared.RequestStopAsync(answerId);
        }
        catch (StackExchange.Redis.RedisException)
        {
            return false; // Redis away: the instance running it cannot be reached
        }
    }

    // The whole log is encoded (the encoder is stateful) and only what follows lastEventId is sent.
    private static async Task StreamAsync(HttpContext context, IAnswerLog log, long lastEventId)
    {
        var aborted = context.RequestAborted;
        var response = context.Response;
        ServerSentEvents.Begin(response);
        response.Headers["x-vercel-ai-ui-message-stream"] = "v1";
        var encoder = new UiMessageStreamEncoder(log.AnswerId);
        try
        {
            await response.Body.FlushAsync(aborted); // headers now: the client knows the stream is on
            await foreach (var batch in AnswerLogReader.FollowAsync(log, 0, KeepAlive, cancellationToken: aborted))
            {
                if (batch.Count == 0)
                {
                    await ServerSentEvents.KeepAliveAsync(response, aborted);
                    continue;
                }
                foreach (var e in batch)
                {
                    var chunks = encoder.Encode(e);
                    if (e.Sequence > lastEventId && chunks.Count > 0)
                    {
                        await ServerSentEvents.WriteGroupAsync(response, chunks, e.Sequence, aborted);
                    }
                }
            }
            await ServerSentEvents.DoneAsync(response, aborted);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client left; the answer runs on (the grace period) for a resume.
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
