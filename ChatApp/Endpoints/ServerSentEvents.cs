using System.Text.Json;

namespace ChatApp.Endpoints;

/// <summary>Writing a streamed HTTP answer as Server-Sent Events, the way proxies and SSE clients need it.</summary>
public static class ServerSentEvents
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Headers for an event stream that nothing between us and the client may buffer.</summary>
    public static void Begin(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>One <c>data:</c> event with a JSON payload, flushed at once.</summary>
    public static async Task WriteAsync(HttpResponse response, object payload, CancellationToken cancellationToken)
    {
        await response.WriteAsync($"data: {JsonSerializer.Serialize(payload, Json)}\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>
    /// The events one answer-log event became, flushed together; only the last carries the <c>id:</c> (the log
    /// sequence), so a client cut off halfway resumes from the previous id and gets the whole group again.
    /// </summary>
    public static async Task WriteGroupAsync(HttpResponse response, IReadOnlyList<object> payloads, long sequence, CancellationToken cancellationToken)
    {
        for (var i = 0; i < payloads.Count; i++)
        {
            var id = i == payloads.Count - 1 ? $"id: {sequence}\n" : "";
            await response.WriteAsync($"{id}data: {JsonSerializer.Serialize(payloads[i], Json)}\n\n", cancellationToken);
        }
        await response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>A comment that keeps idle proxies from closing the stream while the model thinks.</summary>
    public static async Task KeepAliveAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.WriteAsync(": keep-alive\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    public static async Task DoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: [DONE]\n\n", cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
