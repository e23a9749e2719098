using System.Buffers;
using System.Text.Json;

namespace ChatApp.Endpoints;

/// <summary>Writing a streamed HTTP answer as Server-Sent Events, the way proxies and SSE clients need it.</summary>
public static class ServerSentEvents
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly ReadOnlyMemory<byte> KeepAliveComment = ": keep-alive\n\n"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> DoneEvent = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Headers for an event stream that nothing between us and the client may buffer.</summary>
    public static void Begin(HttpResponse response)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>One <c>data:</c> event with a JSON payload, flushed at once.</summary>
    public static Task WriteAsync(HttpResponse response, object payload, CancellationToken cancellationToken)
    {
        var buffer = EventBuffer.Start(null);
        JsonSerializer.Serialize(buffer.Json, payload, payload.GetType(), Json);
        return SendAsync(response, buffer, cancellationToken);
    }

    /// <summary>One <c>data:</c> event: <paramref name="slot"/>'s payload with <paramref name="value"/> in it, flushed at once (the hot path: one string escaped per event).</summary>
    public static Task WriteAsync(HttpResponse response, JsonStringSlot slot, string value, CancellationToken cancellationToken)
    {
        var buffer = EventBuffer.Start(null);
        buffer.WriteRaw(slot.Before);
        buffer.Json.WriteStringValue(value);
        buffer.WriteRaw(slot.After);
        return SendAsync(response, buffer, cancellationToken);
    }

    /// <summary>
    /// The events one answer-log event became, flushed together; only the last carries the <c>id:</c> (the log
    /// sequence), so a client cut off halfway resumes from the previous id and gets the whole group again.
    /// </summary>
    public static Task WriteGroupAsync(HttpResponse response, IReadOnlyList<object> payloads, long sequence, CancellationToken cancellationToken)
    {
        if (payloads.Count == 0)
        {
            return Task.CompletedTask;
        }
        var buffer = EventBuffer.Start(payloads.Count == 1 ? sequence : null);
        for (var i = 0; i < payloads.Count; i++)
        {
            if (i > 0)
            {
                buffer.Next(i == payloads.Count - 1 ? sequence : null);
            }
            JsonSerializer.Serialize(buffer.Json, payloads[i], payloads[i].GetType(), Json);
        }
        return SendAsync(response, buffer, cancellationToken);
    }

    /// <summary>A comment that keeps idle proxies from closing the stream while the model thinks.</summary>
    public static Task KeepAliveAsync(HttpResponse response, CancellationToken cancellationToken) => SendAsync(response, KeepAliveComment, cancellationToken);

    public static Task DoneAsync(HttpResponse response, CancellationToken cancellationToken) => SendAsync(response, DoneEvent, cancellationToken);

    // The first write starts the response (Kestrel may wait for OnStarting callbacks before it reads the bytes):
    // it is copied into the body first, so the thread's buffer is free at once. Every later one goes as one chunk.
    private static async Task SendAsync(HttpResponse response, EventBuffer buffer, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            await buffer.SendAsync(response.BodyWriter, cancellationToken);
            return;
        }
        buffer.CopyTo(response.BodyWriter);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }

    private static async Task SendAsync(HttpResponse response, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (response.HasStarted)
        {
            await response.BodyWriter.WriteAsync(bytes, cancellationToken);
            return;
        }
        response.BodyWriter.Write(bytes.Span);
        await response.BodyWriter.FlushAsync(cancellationToken);
    }
}
