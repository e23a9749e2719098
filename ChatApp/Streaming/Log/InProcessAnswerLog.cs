namespace ChatApp.Streaming.Log;

/// <summary>
/// The default answer log: in memory, appended by the answer's producer, read by any number of readers.
/// Appends are cheap (one frame's events at a time) and a read copies only the suffix it returns. Text events —
/// nearly one per token at a model's pace — take 4 bytes each: where the text stood after every event, over one
/// buffer of the answer's text. They become <see cref="TextAppended"/> events again when read; every other event
/// (a few per answer) is kept as it was appended.
/// </summary>
public sealed class InProcessAnswerLog(Guid answerId) : IAnswerLog
{
    private readonly Lock _gate = new();
    private readonly System.Text.StringBuilder _text = new();
    // _textEnds[i]: the text's length after event i + 1. A text event always adds text, so an event that
    // adds none is one of _others.
    private readonly List<int> _textEnds = [];
    private readonly List<AnswerEvent> _others = [];
    private Action[] _subscribers = [];

    public Guid AnswerId { get; } = answerId;

    /// <summary>The sequence of the newest event (0 when empty).</summary>
    public long Head
    {
        get { lock (_gate) { return _textEnds.Count; } }
    }

    /// <summary>How many characters of text have been appended.</summary>
    public int TextLength
    {
        get { lock (_gate) { return _text.Length; } }
    }

    /// <summary>The text appended so far, whole (O(length): for storage and history, not per frame).</summary>
    public string Text
    {
        get { lock (_gate) { return _text.ToString(); } }
    }

    private bool EndedUnderLock() => _others.Count > 0 && _others[^1] is AnswerEnded;

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
            for (var i = 0; i < events.Count; i++) // by index: no boxed enumerator per frame
            {
                var e = events[i];
                if (e is TextAppended { Text.Length: > 0 } text)
                {
                    _text.Append(text.Text);
                }
                else if (e is not TextAppended)
                {
                    _others.Add(e with { Sequence = _textEnds.Count + 1 });
                }
                else
                {
                    continue; // an empty text event says nothing
                }
                _textEnds.Add(_text.Length);
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
            var start = (int)Math.Min(afterSequence, _textEnds.Count);
            into.EnsureCapacity(into.Count + _textEnds.Count - start);
            var other = FirstOtherAfter(start);
            for (var i = start; i < _textEnds.Count; i++)
            {
                var textStart = i == 0 ? 0 : _textEnds[i - 1];
                into.Add(_textEnds[i] > textStart
                    ? new TextAppended(_text.ToString(textStart, _textEnds[i] - textStart)) { Sequence = i + 1 }
                    : _others[other++]);
            }
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
