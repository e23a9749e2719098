using System.Runtime.CompilerServices;

namespace ChatApp.Streaming.Log;

/// <summary>
/// Follows an answer log from a sequence number: the events after it, then live ones as they are appended,
/// then the outcome, and it ends. Subscribes before the first read, so nothing appended in between is
/// missed; reads again on every nudge and on a short timer (a lost nudge only delays, never loses).
/// </summary>
public static class AnswerLogReader
{
    /// <summary>How often a reader re-reads without a nudge (pub/sub may drop one).</summary>
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromSeconds(1);

    /// <summary>Batches of events in order, exactly those after <paramref name="afterSequence"/>, ending with the outcome.</summary>
    /// <param name="keepAlive">When set, an empty batch is yielded after this long without events (for an HTTP keep-alive).</param>
    public static async IAsyncEnumerable<IReadOnlyList<AnswerEvent>> FollowAsync(IAnswerLog log, long afterSequence, TimeSpan? keepAlive = null,
        TimeSpan? poll = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var nudge = new SemaphoreSlim(0, 1);
        using var subscription = log.Subscribe(() => Nudge(nudge));
        var pollEvery = poll ?? DefaultPoll;
        // Read from one before: a reader that already has the outcome learns at once that nothing follows.
        var readFrom = Math.Max(0, afterSequence - 1);
        var after = afterSequence;
        var quiet = TimeSpan.Zero;
        while (true)
        {
            var events = await log.ReadAfterAsync(readFrom, cancellationToken).ConfigureAwait(false);
            if (events.Count > 0 && events[^1].Sequence <= after && events[^1] is AnswerEnded)
            {
                yield break;
            }
            var fresh = events.Count > 0 && events[0].Sequence <= after ? events.Where(e => e.Sequence > after).ToList() : events;
            if (fresh.Count > 0)
            {
                after = fresh[^1].Sequence;
                readFrom = after;
                quiet = TimeSpan.Zero;
                yield return fresh;
                if (fresh[^1] is AnswerEnded)
                {
                    yield break;
                }
                continue;
            }
            var wait = keepAlive is { } limit ? Min(pollEvery, limit - quiet) : pollEvery;
            var started = Environment.TickCount64;
            await nudge.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            quiet += TimeSpan.FromMilliseconds(Environment.TickCount64 - started);
            if (keepAlive is { } every && quiet >= every)
            {
                quiet = TimeSpan.Zero;
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

    private static void Nudge(SemaphoreSlim nudge)
    {
        try
        {
            if (nudge.CurrentCount == 0)
            {
                nudge.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
            // Already nudged, or the reader is gone: either way nothing to do.
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
