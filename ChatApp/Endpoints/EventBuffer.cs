using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text.Json;

namespace ChatApp.Endpoints;

/// <summary>
/// Server-Sent Events assembled whole before they go into the response: the response then takes one exact-size
/// write per flush. Writing the parts straight into Kestrel's pipe (the prefix, the JSON writer asking 4 KB spans
/// as it grows, the line ends) took the output pipe's lock several times per event, against the socket sender
/// taking it too (a profile at 2,500 streams showed that contention as the largest cost of ours). One buffer and
/// one JSON writer per thread, reused: nothing is allocated per event and nothing is kept per stream.
/// </summary>
internal sealed class EventBuffer
{
    private const int KeepAtMost = 64 * 1024; // a rare large event (a tool result) does not pin its buffer forever

    [ThreadStatic]
    private static EventBuffer? t_current;

    private readonly ArrayBufferWriter<byte> _bytes = new(1024);

    private EventBuffer() => Json = new Utf8JsonWriter(_bytes);

    /// <summary>Where the current event's JSON goes, after <c>data: </c>.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>This thread's buffer, emptied, holding the event's <c>id:</c> line (if any) and <c>data: </c>.</summary>
    public static EventBuffer Start(long? id)
    {
        var buffer = t_current ??= new EventBuffer();
        buffer._bytes.ResetWrittenCount();
        buffer.Begin(id);
        return buffer;
    }

    /// <summary>Ends the current event and starts another after it, to go out in the same write.</summary>
    public void Next(long? id)
    {
        EndEvent();
        Begin(id);
    }

    /// <summary>Ends the event and writes it into <paramref name="body"/> in one piece (not flushed).</summary>
    public void CopyTo(PipeWriter body)
    {
        EndEvent();
        body.Write(_bytes.WrittenSpan);
        Release(keep: true);
    }

    /// <summary>
    /// Ends the event and sends it, written and flushed in one call. Once the response has started, Kestrel copies
    /// it into the connection's pipe as one chunk before returning; a write through GetSpan/Advance (see
    /// <see cref="CopyTo"/>) instead leaves the response holding a reference to the last chunk's 4 KB block of
    /// pooled memory until the next event (~4 KB a stream at 2,500 streams, in a heap dump).
    /// </summary>
    public ValueTask<FlushResult> SendAsync(PipeWriter body, CancellationToken cancellationToken)
    {
        EndEvent();
        var sending = body.WriteAsync(_bytes.WrittenMemory, cancellationToken);
        // Another writer than Kestrel's may read the bytes after this returns: this thread then takes a new buffer.
        Release(keep: sending.IsCompleted);
        return sending;
    }

    private void Begin(long? id)
    {
        if (id is { } sequence)
        {
            _bytes.Write("id: "u8);
            Utf8Formatter.TryFormat(sequence, _bytes.GetSpan(20), out var written);
            _bytes.Advance(written);
            _bytes.Write("\n"u8);
        }
        _bytes.Write("data: "u8);
        Json.Reset(_bytes);
    }

    /// <summary>Bytes that are JSON already (the unchanging part of a payload), written after what the JSON writer wrote.</summary>
    public void WriteRaw(ReadOnlySpan<byte> json)
    {
        Json.Flush();
        _bytes.Write(json);
    }

    private void EndEvent()
    {
        Json.Flush();
        _bytes.Write("\n\n"u8);
    }

    private void Release(bool keep)
    {
        if ((!keep || _bytes.Capacity > KeepAtMost) && ReferenceEquals(t_current, this))
        {
            t_current = null;
        }
    }
}
