using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text.Json;

namespace ChatApp.Endpoints;

/// <summary>
/// One Server-Sent Event assembled whole before it goes into the response: the response then takes one exact-size
/// write per event. Writing the parts straight into Kestrel's pipe (the prefix, the JSON writer asking 4 KB spans
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

    /// <summary>Where the event's JSON goes, after <c>data: </c>.</summary>
    public Utf8JsonWriter Json { get; }

    /// <summary>This thread's buffer, emptied, holding the event's <c>id:</c> line (if any) and <c>data: </c>.</summary>
    public static EventBuffer Start(long? id)
    {
        var buffer = t_current ??= new EventBuffer();
        buffer._bytes.ResetWrittenCount();
        if (id is { } sequence)
        {
            buffer._bytes.Write("id: "u8);
            Utf8Formatter.TryFormat(sequence, buffer._bytes.GetSpan(20), out var written);
            buffer._bytes.Advance(written);
            buffer._bytes.Write("\n"u8);
        }
        buffer._bytes.Write("data: "u8);
        buffer.Json.Reset(buffer._bytes);
        return buffer;
    }

    /// <summary>Ends the event and writes it into <paramref name="body"/> in one piece (not flushed).</summary>
    public void CopyTo(PipeWriter body)
    {
        Json.Flush();
        _bytes.Write("\n\n"u8);
        body.Write(_bytes.WrittenSpan);
        if (_bytes.Capacity > KeepAtMost)
        {
            t_current = null;
        }
    }
}
