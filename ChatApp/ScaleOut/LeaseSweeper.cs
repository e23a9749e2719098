using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// Crash takeover, on every instance: every <c>Chat:ScaleOut:SweepSeconds</c> it looks for running answers whose
/// lease expired (their owner died, or was paused or cut off for a whole lease), takes the lease with a new epoch —
/// so the old owner can never append again — ends the shared log as interrupted, and saves the partial text from
/// the log as the answer's stored row. Readers anywhere then show it interrupted, with Retry and Continue.
/// </summary>
public sealed class LeaseSweeper(SharedAnswers shared, ConversationStore store, AttemptCheckpointer checkpoints, TimeProvider time, ILogger<LeaseSweeper> logger)
    : BackgroundService
{
    private static readonly TimeSpan SaveWait = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(shared.Options.SweepSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken).ConfigureAwait(false);
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug(ex, "Sweep skipped: Redis is unavailable");
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Sweep failed");
            }
        }
    }

    /// <summary>One pass; returns the answers taken over.</summary>
    public async Task<IReadOnlyList<Guid>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var database = shared.Redis.GetDatabase();
        var taken = new List<Guid>();
        foreach (var member in await database.SortedSetRangeByRankAsync(SharedKeys.Running).ConfigureAwait(false))
        {
            if (!Guid.TryParse((string?)member, out var answerId))
            {
                await database.SortedSetRemoveAsync(SharedKeys.Running, member).ConfigureAwait(false);
                continue;
            }
            var keys = new SharedKeys(answerId);
            if (await database.KeyExistsAsync(keys.Lease).ConfigureAwait(false))
            {
                continue;
            }
            var token = (string?)await SharedAnswerScripts.TakeOver.EvaluateAsync(database, new
            {
                lease = keys.Lease, epoch = keys.Epoch, instance = shared.Instance, leaseMs = (long)shared.Options.Lease.TotalMilliseconds,
            }).ConfigureAwait(false);
            if (token is null)
            {
                continue; // another instance's sweeper was first
            }
            await EndAsInterruptedAsync(answerId, token, cancellationToken).ConfigureAwait(false);
            taken.Add(answerId);
        }
        return taken;
    }

    private async Task EndAsInterruptedAsync(Guid answerId, string token, CancellationToken cancellationToken)
    {
        var keys = new SharedKeys(answerId);
        var database = shared.Redis.GetDatabase();
        var view = new AnswerView();
        view.Apply(await new RedisAnswerLog(shared.Redis, answerId).ReadAfterAsync(0, cancellationToken).ConfigureAwait(false));
        var row = await store.FindAttemptAsync(answerId, cancellationToken).ConfigureAwait(false);
        if (view.HasEnded || view.Sequence == 0)
        {
            // Ended by its owner, who died before giving the lease back (and maybe before its final write); or nothing
            // of it reached Redis, and storage has what its owner checkpointed. Either way there is no log to end.
            await database.SortedSetRemoveAsync(SharedKeys.Running, answerId.ToString("N")).ConfigureAwait(false);
            await database.KeyDeleteAsync(keys.Lease).ConfigureAwait(false);
            if (row is not null && AttemptMapping.IsRunning(row))
            {
                if (view.Sequence == 0)
                {
                    view = AnswerView.FromCheckpoint(row.Content, AttemptMapping.ToolCallsOf(row), row.LastSequence, row.Provider ?? "");
                    view.Apply(Interrupted(view));
                }
                await SaveAsync(AttemptMapping.ToEntity(view, answerId, row.MessageId, row.Number), cancellationToken).ConfigureAwait(false);
            }
            return;
        }
        var ended = Interrupted(view);
        view.Apply(ended);
        await SharedAnswerScripts.AppendAsync(database, answerId, token, [ended], shared.Options.RetainSeconds,
            (long)shared.Options.Lease.TotalMilliseconds).ConfigureAwait(false);
        if (row is not null)
        {
            await SaveAsync(AttemptMapping.ToEntity(view, answerId, row.MessageId, row.Number), cancellationToken).ConfigureAwait(false);
        }
        logger.LogWarning("Answer {AnswerId} lost its producer; taken over and saved as interrupted with {Characters} characters", answerId, view.Length);
    }

    // Once the log is ended the answer has left the running set and no sweep comes back to it: the row goes through
    // the checkpoint writer, which retries a failed write until it lands. The sweep waits a while for it (usually
    // milliseconds), not for a database that is down: the other orphans are not held up.
    private async Task SaveAsync(AttemptEntity row, CancellationToken cancellationToken)
    {
        var written = checkpoints.Writer.WriteNowAsync(row);
        try
        {
            await written.WaitAsync(SaveWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("Answer {AnswerId} is not stored as interrupted yet; its write is retried until it is", row.Id);
        }
    }

    private AnswerEnded Interrupted(AnswerView view) =>
        new(StreamOutcome.Failed(FailureKind.Interrupted, AttemptMapping.InterruptedMessage), view.FirstTokenAt, time.GetUtcNow(), view.Deltas,
            view.OutputTokens > 0 ? view.OutputTokens : view.Deltas) { Sequence = view.Sequence + 1 };
}
