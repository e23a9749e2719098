using System.Buffers;
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
        WriteEvent(response.BodyWriter, null, payload);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>One <c>data:</c> event whose JSON is written by <paramref name="write"/>, flushed at once (the hot path: no object graph per event).</summary>
    public static async Task WriteAsync<TState>(HttpResponse response, TState state, Action<Utf8JsonWriter, TState> write, CancellationToken cancellationToken)
    {
        var buffer = EventBuffer.Start(null);
        write(buffer.Json, state);
        buffer.CopyTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static void WriteEvent(System.IO.Pipelines.PipeWriter body, long? id, object payload)
    {
        var buffer = EventBuffer.Start(id);
        JsonSerializer.Serialize(buffer.Json, payload, payload.GetType(), Json);
        buffer.CopyTo(body);
    }

    /// <summary>
    /// The events one answer-log event became, flushed together; only the last carries the <c>id:</c> (the log
    /// sequence), so a client cut off halfway resumes from the previous id and gets the whole group again.
    /// </summary>
    public static async Task WriteGroupAsync(HttpResponse response, IReadOnlyList<object> payloads, long sequence, CancellationToken cancellationToken)
    {
        for (var i = 0; i < payloads.Count; i++)
        {
            WriteEvent(response.BodyWriter, i == payloads.Count - 1 ? sequence : null, payloads[i]);
        }
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    /// <summary>A comment that keeps idle proxies from closing the stream while the model thinks.</summary>
    public static async Task KeepAliveAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.BodyWriter.Write(": keep-alive\n\n"u8);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    public static async Task DoneAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        response.BodyWriter.Write("data: [DONE]\n\n"u8);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
