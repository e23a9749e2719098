namespace ChatApp.Streaming.Log;

/// <summary>
/// The read side of one answer's event log. Shaped so a store without blocking reads (Redis Streams through
/// StackExchange.Redis: entry ids as sequence numbers, pub/sub as the nudge) can stand behind it: a reader
/// subscribes first, reads the range after the sequence it has, and reads again on each nudge. A nudge
/// carries no data, may be lost or repeated; sequence numbers make either harmless.
/// </summary>
public interface IAnswerLog
{
    /// <summary>The answer (the stored attempt) this log belongs to.</summary>
    Guid AnswerId { get; }

    /// <summary>The events after <paramref name="afterSequence"/>, in order (empty when there are none yet).</summary>
    ValueTask<IReadOnlyList<AnswerEvent>> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default);

    /// <summary>Adds the events after <paramref name="afterSequence"/> to <paramref name="into"/>, in order: for a reader that reuses one batch.</summary>
    async ValueTask ReadAfterAsync(long afterSequence, List<AnswerEvent> into, CancellationToken cancellationToken = default) =>
        into.AddRange(await ReadAfterAsync(afterSequence, cancellationToken).ConfigureAwait(false));

    /// <summary>Calls <paramref name="appended"/> (on any thread, quickly) whenever events may have been appended.</summary>
    IDisposable Subscribe(Action appended);

    /// <summary>
    /// As <see cref="Subscribe"/>, subscribed when this completes: for a store whose subscription is a round trip
    /// (a thread blocked on it is one the store's own replies may need; a reader reads only after it).
    /// </summary>
    ValueTask<IDisposable> SubscribeAsync(Action appended) => ValueTask.FromResult(Subscribe(appended));

    /// <summary>Whether a nudge can be lost on its way (pub/sub): readers then also re-read on a timer.</summary>
    bool NudgesMayBeLost => true;
}
