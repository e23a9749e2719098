using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace ChatApp.Streaming.Log;

/// <summary>
/// The default answer log: in memory, appended by the answer's producer, read by any number of readers.
/// Appends are cheap (one frame's events at a time) and a read copies only the suffix it returns. Text events —
/// nearly one per token at a model's pace, for every running answer — are kept compact: their text as UTF-8 in
/// fixed 1 KB chunks (no growing buffer's spare half, one byte per ASCII character) and one byte per event for its
/// length, with where the text stood every 64 events. They become <see cref="TextAppended"/> events again when read;
/// every other event (a few per answer) is kept as it was appended. At 2,500 streams a heap dump had the previous
/// form (a <c>StringBuilder</c> and a <c>List&lt;int&gt;</c> of ends) at ~7 KB a stream 35 s in.
/// </summary>
public sealed class InProcessAnswerLog(Guid answerId) : IAnswerLog
{
    private const int ChunkBytes = 1024;
    private const int CheckpointEvery = 64;
    private const byte SeeUnusual = byte.MaxValue; // the event's text is in _unusual
    private const int StackBytes = 1024;

    private readonly Lock _gate = new();
    private readonly List<byte[]> _chunks = []; // the text's UTF-8: byte i is _chunks[i / ChunkBytes][i % ChunkBytes]
    private int _textBytes;
    private int _textChars;
    // _lengths[i]: the UTF-8 length of event i + 1's text; 0 for a non-text event (a text event always adds text).
    private byte[] _lengths = new byte[CheckpointEvery];
    private int _count;
    private int[] _checkpoints = new int[4]; // _checkpoints[k]: _textBytes before event k * CheckpointEvery + 1
    // Text events whose length does not fit a byte, or whose text is not valid UTF-16 (a surrogate pair split between
    // two events: kept as the string it was, outside the UTF-8), in event order.
    private readonly List<(int Index, int Bytes, string? Raw)> _unusual = [];
    private readonly List<AnswerEvent> _others = [];
    private bool _ended; // the outcome is in: a field of its own, since every append asks (the last event is seldom in cache)
    // The newest text event (its index) as appended, with its sequence: a reader that follows the head is given this
    // event rather than one decoded anew from the UTF-8 (one string, one event and one decode less per token and reader).
    private (int Index, TextAppended? Event) _newestText = (-1, null);
    private Action[] _subscribers = [];

    public Guid AnswerId { get; } = answerId;

    /// <summary>The sequence of the newest event (0 when empty).</summary>
    public long Head
    {
        get { lock (_gate) { return _count; } }
    }

    /// <summary>How many characters of text have been appended.</summary>
    public int TextLength
    {
        get { lock (_gate) { return _textChars; } }
    }

    /// <summary>The text appended so far, whole (O(length): for storage and history, not per frame).</summary>
    public string Text
    {
        get
        {
            lock (_gate)
            {
                if (_unusual.TrueForAll(u => u.Raw is null))
                {
                    return string.Create(_textChars, this, static (destination, log) => log.DecodeAll(destination));
                }
                var text = new StringBuilder(_textChars);
                var offset = 0;
                for (var i = 0; i < _count; i++)
                {
                    if (_lengths[i] != 0)
                    {
                        text.Append(TextOf(i, ref offset));
                    }
                }
                return text.ToString();
            }
        }
    }

    /// <summary>Appends events in order and gives them their sequence numbers; then nudges the readers once.</summary>
    /// <exception cref="InvalidOperationException">The answer has already ended: its log is closed.</exception>
    public void Append(IReadOnlyList<AnswerEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }
        Action[] subscribers;
        lock (_gate)
        {
            if (_ended)
            {
                throw new InvalidOperationException($"Answer {AnswerId} has ended; its log takes no more events.");
            }
            for (var i = 0; i < events.Count; i++) // by index: no boxed enumerator per frame
            {
                var e = events[i];
                if (e is TextAppended { Text.Length: > 0 } text)
                {
                    AppendText(text);
                }
                else if (e is not TextAppended)
                {
                    BeginEvent();
                    _others.Add(e with { Sequence = _count + 1 });
                    _ended = e is AnswerEnded;
                    AddEvent(0);
                }
                // else an empty text event says nothing
            }
            subscribers = _subscribers;
        }
        foreach (var subscriber in subscribers)
        {
            subscriber();
        }
    }

    public void Append(AnswerEvent e) => Append([e]);

    /// <remarks>
    /// An event that already carries the sequence it gets (the producer knows the head) is kept as it is: readers at
    /// the head share it, and a token costs one event object, not one for the producer and one per reader.
    /// </remarks>
    private void AppendText(TextAppended appended)
    {
        BeginEvent();
        var text = appended.Text;
        _textChars += text.Length;
        _newestText = (_count, appended.Sequence == _count + 1 ? appended : appended with { Sequence = _count + 1 });
        var most = Encoding.UTF8.GetMaxByteCount(text.Length);
        var at = _textBytes % ChunkBytes;
        // A token that fits what is left of the chunk is encoded straight into it (nothing zeroed, nothing copied);
        // a longer text goes through a buffer and is written across chunks.
        var inPlace = most <= ChunkBytes - at;
        if (inPlace && at == 0 && _textBytes / ChunkBytes == _chunks.Count)
        {
            _chunks.Add(new byte[ChunkBytes]);
        }
        byte[]? rented = null;
        Span<byte> utf8 = inPlace ? _chunks[_textBytes / ChunkBytes].AsSpan(at)
            : most <= StackBytes ? stackalloc byte[most]
            : (rented = ArrayPool<byte>.Shared.Rent(most));
        try
        {
            if (Utf8.FromUtf16(text, utf8, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                // Not valid UTF-16 (half a surrogate pair): kept as the string it came as, outside the UTF-8.
                _unusual.Add((_count, 0, text));
                AddEvent(SeeUnusual);
                return;
            }
            if (inPlace)
            {
                _textBytes += written;
            }
            else
            {
                Write(utf8[..written]);
            }
            if (written >= SeeUnusual)
            {
                _unusual.Add((_count, written, null));
            }
            AddEvent((byte)Math.Min(written, SeeUnusual));
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Before an event's text is written: every 64th event records where the text stands.
    private void BeginEvent()
    {
        if (_count % CheckpointEvery != 0)
        {
            return;
        }
        var k = _count / CheckpointEvery;
        if (k == _checkpoints.Length)
        {
            Array.Resize(ref _checkpoints, _checkpoints.Length * 2);
        }
        _checkpoints[k] = _textBytes;
    }

    private void AddEvent(byte length)
    {
        if (_count == _lengths.Length)
        {
            Array.Resize(ref _lengths, _lengths.Length * 2);
        }
        _lengths[_count++] = length;
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var at = _textBytes % ChunkBytes;
            if (at == 0 && _textBytes / ChunkBytes == _chunks.Count)
            {
                _chunks.Add(new byte[ChunkBytes]);
            }
            var part = Math.Min(bytes.Length, ChunkBytes - at);
            bytes[..part].CopyTo(_chunks[_textBytes / ChunkBytes].AsSpan(at));
            _textBytes += part;
            bytes = bytes[part..];
        }
    }

    public ValueTask<IReadOnlyList<AnswerEvent>> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        if (afterSequence >= Head)
        {
            return ValueTask.FromResult<IReadOnlyList<AnswerEvent>>([]); // nothing new: nothing allocated
        }
        var events = new List<AnswerEvent>();
        ReadAfter(afterSequence, events);
        return ValueTask.FromResult<IReadOnlyList<AnswerEvent>>(events);
    }

    /// <summary>Adds the events after <paramref name="afterSequence"/> to <paramref name="into"/> (a follower's batch, reused: no array per read).</summary>
    public ValueTask ReadAfterAsync(long afterSequence, List<AnswerEvent> into, CancellationToken cancellationToken = default)
    {
        ReadAfter(afterSequence, into);
        return ValueTask.CompletedTask;
    }

    private void ReadAfter(long afterSequence, List<AnswerEvent> into)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        lock (_gate)
        {
            var start = (int)Math.Min(afterSequence, _count);
            into.EnsureCapacity(into.Count + _count - start);
            var other = FirstOtherAfter(start);
            var offset = TextOffsetBefore(start);
            for (var i = start; i < _count; i++)
            {
                into.Add(_lengths[i] == 0 ? _others[other++]
                    : i == _newestText.Index ? _newestText.Event! // the last text: nothing after it needs the offset
                    : new TextAppended(TextOf(i, ref offset)) { Sequence = i + 1 });
            }
        }
    }

    // Under the lock: where the text stood before event index + 1 (a checkpoint, then at most 63 lengths).
    private int TextOffsetBefore(int index)
    {
        if (index == _count)
        {
            return _textBytes;
        }
        var from = index / CheckpointEvery * CheckpointEvery;
        var offset = _checkpoints[index / CheckpointEvery];
        for (var i = from; i < index; i++)
        {
            offset += _lengths[i] == SeeUnusual ? Unusual(i).Bytes : _lengths[i];
        }
        return offset;
    }

    // Under the lock: the text of event index + 1, which starts at offset in the UTF-8 (moved past it).
    private string TextOf(int index, ref int offset)
    {
        if (index == _newestText.Index)
        {
            return _newestText.Event!.Text; // nothing of the text follows it: the offset is not needed again
        }
        int bytes = _lengths[index];
        if (bytes == SeeUnusual)
        {
            var unusual = Unusual(index);
            if (unusual.Raw is { } raw)
            {
                return raw;
            }
            bytes = unusual.Bytes;
        }
        var text = Decode(offset, bytes);
        offset += bytes;
        return text;
    }

    private (int Index, int Bytes, string? Raw) Unusual(int index)
    {
        int low = 0, high = _unusual.Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_unusual[middle].Index < index)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return _unusual[low];
    }

    private string Decode(int offset, int bytes)
    {
        var at = offset % ChunkBytes;
        if (at + bytes <= ChunkBytes)
        {
            return Encoding.UTF8.GetString(_chunks[offset / ChunkBytes], at, bytes);
        }
        byte[]? rented = null;
        Span<byte> joined = bytes <= StackBytes ? stackalloc byte[StackBytes] : (rented = ArrayPool<byte>.Shared.Rent(bytes));
        try
        {
            for (var copied = 0; copied < bytes;)
            {
                var position = offset + copied;
                var part = Math.Min(bytes - copied, ChunkBytes - position % ChunkBytes);
                _chunks[position / ChunkBytes].AsSpan(position % ChunkBytes, part).CopyTo(joined[copied..]);
                copied += part;
            }
            return Encoding.UTF8.GetString(joined[..bytes]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Under the lock, with no raw text: the whole UTF-8, chunk by chunk (the decoder carries a character split between two).
    private void DecodeAll(Span<char> destination)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var written = 0;
        for (var c = 0; c < _chunks.Count; c++)
        {
            var length = Math.Min(ChunkBytes, _textBytes - c * ChunkBytes);
            written += decoder.GetChars(_chunks[c].AsSpan(0, length), destination[written..], flush: c == _chunks.Count - 1);
        }
    }

    // Under the lock: the index in _others of the first non-text event with a sequence above afterSequence.
    private int FirstOtherAfter(long afterSequence)
    {
        int low = 0, high = _others.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_others[middle].Sequence <= afterSequence)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low;
    }

    /// <summary>Appends nudge their readers in this process directly: none is ever lost.</summary>
    public bool NudgesMayBeLost => false;

    public IDisposable Subscribe(Action appended)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, appended];
        }
        return new Subscription(this, appended);
    }

    private void Unsubscribe(Action appended)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, appended);
            if (index >= 0)
            {
                _subscribers = [.. _subscribers[..index], .. _subscribers[(index + 1)..]];
            }
        }
    }

    private sealed class Subscription(InProcessAnswerLog log, Action appended) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                log.Unsubscribe(appended);
            }
        }
    }
}
