using System.Runtime.CompilerServices;

namespace ChatApp.Streaming.Log;

/// <summary>
/// Follows an answer log from a sequence number: the events after it, then live ones as they are appended,
/// then the outcome, and it ends. Subscribes before the first read, so nothing appended in between is
/// missed; reads again on every nudge and on a short timer (a lost nudge only delays, never loses).
/// </summary>
public static class AnswerLogReader
{
    /// <summary>How often a reader re-reads without a nudge, where nudges may be lost (pub/sub may drop one).</summary>
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Batches of events in order, exactly those after <paramref name="afterSequence"/>, ending with the outcome.
    /// A batch is one list refilled for every read (no allocation per frame per reader): it holds until the next
    /// one is asked for, so a follower applies or copies it before moving on.
    /// </summary>
    /// <param name="keepAlive">When set, an empty batch is yielded after this long without events (for an HTTP keep-alive).</param>
    public static async IAsyncEnumerable<IReadOnlyList<AnswerEvent>> FollowAsync(IAnswerLog log, long afterSequence, TimeSpan? keepAlive = null,
        TimeSpan? poll = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var signal = new ReusableSignal();
        using var subscription = await log.SubscribeAsync(signal.Set).ConfigureAwait(false);
        // One timer for the reader's lifetime (not one per wait): it re-reads without a nudge and counts quiet time.
        // None for a log in this process, which never loses a nudge, unless a keep-alive needs the quiet time counted:
        // a timer per reader per second was 2,500 wake-ups a second at 2,500 SSE streams.
        var pollEvery = poll ?? (log.NudgesMayBeLost ? DefaultPoll : null);
        var tick = (keepAlive, pollEvery) switch
        {
            ({ } alive, { } every) => alive < every ? alive : every,
            ({ } alive, null) => alive / 2, // counted at most half a keep-alive late
            (null, var every) => every,
        };
        using var poller = tick is { } period ? TimeProvider.System.CreateTimer(static state => ((ReusableSignal)state!).Set(), signal, period, period) : null;
        // Woken through the thread pool, not inline: the canceller's own callbacks (a client abort's Stop) run first.
        await using var onCancel = cancellationToken.UnsafeRegister(
            static state => ThreadPool.UnsafeQueueUserWorkItem((ReusableSignal)state!, preferLocal: false), signal);
        // Read from one before: a reader that already has the outcome learns at once that nothing follows.
        var readFrom = Math.Max(0, afterSequence - 1);
        var after = afterSequence;
        var quietSince = Environment.TickCount64;
        var fresh = new List<AnswerEvent>(); // one batch for the reader's life, refilled on every read
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fresh.Clear();
            await log.ReadAfterAsync(readFrom, fresh, cancellationToken).ConfigureAwait(false);
            if (fresh.Count > 0 && fresh[^1].Sequence <= after && fresh[^1] is AnswerEnded)
            {
                yield break;
            }
            var seen = 0;
            while (seen < fresh.Count && fresh[seen].Sequence <= after)
            {
                seen++;
            }
            fresh.RemoveRange(0, seen);
            if (fresh.Count > 0)
            {
                after = fresh[^1].Sequence;
                readFrom = after;
                quietSince = Environment.TickCount64;
                yield return fresh;
                if (fresh[^1] is AnswerEnded)
                {
                    yield break;
                }
                continue;
            }
            await signal.WaitAsync().ConfigureAwait(false);
            if (keepAlive is { } every && Environment.TickCount64 - quietSince >= (long)every.TotalMilliseconds)
            {
                quietSince = Environment.TickCount64;
                yield return [];
            }
        }
    }

    /// <summary>The whole answer as a view: every event up to the outcome.</summary>
    public static async Task<AnswerView> ReadAllAsync(IAnswerLog log, CancellationToken cancellationToken = default)
    {
        var view = new AnswerView();
        await foreach (var batch in FollowAsync(log, 0, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            view.Apply(batch);
        }
        return view;
    }
}
