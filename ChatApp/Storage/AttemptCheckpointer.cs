using ChatApp.Streaming.Log;
using Microsoft.Extensions.Options;

namespace ChatApp.Storage;

/// <summary>
/// A reader of an answer's log that writes it to the database at most about once per interval (not per token,
/// not per frame) and once more at its outcome, so a crash loses at most an interval of text. Each row stores
/// the last sequence it contains. A failed write is logged and retried at the next checkpoint; it never breaks
/// the stream on screen.
/// </summary>
public sealed class AttemptCheckpointer(ConversationStore store, TimeProvider time, IOptions<Configuration.ChatOptions> options, ILogger<AttemptCheckpointer> logger)
{
    public TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.Storage.CheckpointIntervalMs);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _tracking = new();

    /// <summary>Completes when every answer tracked now has had its final write (shutdown waits for it).</summary>
    public Task PendingAsync() => Task.WhenAll(_tracking.Keys);

    /// <summary>Keeps the attempt row in step with the log until the answer ends; completes after the final write.</summary>
    public Task TrackAsync(IAnswerLog log, Guid messageId, int number)
    {
        var tracking = TrackCoreAsync(log, messageId, number);
        _tracking[tracking] = true;
        _ = tracking.ContinueWith(done => _tracking.TryRemove(done, out _), TaskScheduler.Default);
        return tracking;
    }

    private async Task TrackCoreAsync(IAnswerLog log, Guid messageId, int number)
    {
        var view = new AnswerView();
        var appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = log.Subscribe(() => Volatile.Read(ref appended).TrySetResult());
        long saved = -1;
        var tick = Task.CompletedTask; // the first write at once: the row exists from the start
        while (true)
        {
            // A fresh signal before reading, so an append after this read wakes the wait below.
            Volatile.Write(ref appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            view.Apply(await log.ReadAfterAsync(view.Sequence).ConfigureAwait(false));
            if (view.HasEnded)
            {
                break;
            }
            if (tick.IsCompleted)
            {
                if (view.Sequence != saved && await SaveAsync(view, log.AnswerId, messageId, number).ConfigureAwait(false))
                {
                    saved = view.Sequence;
                }
                tick = Task.Delay(Interval, time);
            }
            // Woken by every frame (to notice the outcome at once) but writes only on the tick.
            await Task.WhenAny(Volatile.Read(ref appended).Task, tick).ConfigureAwait(false);
        }
        // The outcome must land: a failed final write is retried a couple of times.
        for (var tries = 0; tries < 3; tries++)
        {
            if (await SaveAsync(view, log.AnswerId, messageId, number).ConfigureAwait(false))
            {
                return;
            }
            await Task.Delay(Interval, time).ConfigureAwait(false);
        }
    }

    private async Task<bool> SaveAsync(AnswerView view, Guid attemptId, Guid messageId, int number)
    {
        try
        {
            await store.SaveAttemptAsync(AttemptMapping.ToEntity(view, attemptId, messageId, number));
            return true;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not save answer {AttemptId}; retrying at the next checkpoint", attemptId);
            return false;
        }
    }
}
