namespace ChatApp.Providers;

/// <summary>
/// A read-only pass-through over an event stream that notices a line that is exactly <c>data: [DONE]</c> (or
/// <c>data:[DONE]</c>), wherever the reads split it. Only whole lines count, so a model writing "[DONE]" in
/// its answer (inside a JSON string) is not mistaken for the end.
/// </summary>
public sealed class DoneLineWatcher(Stream inner, StreamEndSignal signal) : Stream
{
    private static readonly byte[][] DoneLines = ["data: [DONE]"u8.ToArray(), "data:[DONE]"u8.ToArray()];
    private readonly byte[] _line = new byte[16]; // the start of the current line: enough to compare
    private int _lineLength;
    private bool _tooLong;

    public override int Read(byte[] buffer, int offset, int count) => Watch(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override int Read(Span<byte> buffer) => Watch(buffer[..inner.Read(buffer)]);

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Watch(buffer.AsSpan(offset, await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).ConfigureAwait(false)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Watch(buffer.Span[..read]);
    }

    private int Watch(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            EndLine(); // the end of the stream ends the last line too
        }
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                EndLine();
            }
            else if (_lineLength < _line.Length)
            {
                _line[_lineLength++] = b;
            }
            else
            {
                _tooLong = true;
            }
        }
        return bytes.Length;
    }

    private void EndLine()
    {
        if (!_tooLong && DoneLines.Any(done => _line.AsSpan(0, _lineLength).SequenceEqual(done)))
        {
            signal.MarkDone();
        }
        _lineLength = 0;
        _tooLong = false;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
