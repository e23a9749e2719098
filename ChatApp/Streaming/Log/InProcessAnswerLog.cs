namespace ChatApp.Streaming.Log;

/// <summary>
/// The default answer log: in memory, appended by the answer's producer, read by any number of readers.
/// Appends are cheap (one frame's events at a time) and a read copies only the suffix it returns. Text events —
/// nearly one per token at a model's pace — are kept as ranges of one buffer (24 bytes each instead of an object
/// and a string) and become <see cref="TextAppended"/> events again when read.
/// </summary>
public sealed class InProcessAnswerLog(Guid answerId) : IAnswerLog
{
    private readonly Lock _gate = new();
    private readonly List<Entry> _events = [];
    private readonly System.Text.StringBuilder _text = new();
    private Action[] _subscribers = [];

    /// <summary>One event: a range of <see cref="_text"/>, or any other event as it was appended (with its sequence).</summary>
    private readonly record struct Entry(int TextStart, int TextLength, AnswerEvent? Other);

    public Guid AnswerId { get; } = answerId;

    /// <summary>The sequence of the newest event (0 when empty).</summary>
    public long Head
    {
        get { lock (_gate) { return _events.Count; } }
    }

    private bool EndedUnderLock() => _events.Count > 0 && _events[^1].Other is AnswerEnded;

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
            if (EndedUnderLock())
            {
                throw new InvalidOperationException($"Answer {AnswerId} has ended; its log takes no more events.");
            }
            foreach (var e in events)
            {
                if (e is TextAppended text)
                {
                    _events.Add(new Entry(_text.Length, text.Text.Length, null));
                    _text.Append(text.Text);
                }
                else
                {
                    _events.Add(new Entry(0, 0, e with { Sequence = _events.Count + 1 }));
                }
            }
            subscribers = _subscribers;
        }
        foreach (var subscriber in subscribers)
        {
            subscriber();
        }
    }

    public void Append(AnswerEvent e) => Append([e]);

    public ValueTask<IReadOnlyList<AnswerEvent>> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        lock (_gate)
        {
            var start = (int)Math.Min(afterSequence, _events.Count);
            if (start == _events.Count)
            {
                return ValueTask.FromResult<IReadOnlyList<AnswerEvent>>([]);
            }
            var events = new AnswerEvent[_events.Count - start];
            for (var i = start; i < _events.Count; i++)
            {
                var entry = _events[i];
                events[i - start] = entry.Other ?? new TextAppended(_text.ToString(entry.TextStart, entry.TextLength)) { Sequence = i + 1 };
            }
            return ValueTask.FromResult<IReadOnlyList<AnswerEvent>>(events);
        }
    }

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
