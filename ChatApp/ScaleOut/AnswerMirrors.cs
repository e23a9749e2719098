using System.Collections.Concurrent;
using ChatApp.Conversations;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// Answers other instances produce, followed here: one mirror per answer per instance however many pages, tabs and
/// SSE clients read it here. A mirror reads the shared log from its start and copies it into a local log with the
/// same sequence numbers, so every local reader reads as it would an answer produced here, and a reader may resume
/// from a sequence number it got on another instance. While a mirror has readers, it tells the owner so (the owner
/// does not stop an answer somebody reads elsewhere); its Stop asks the owner.
/// </summary>
public sealed class AnswerMirrors : IAnswersElsewhere, IDisposable
{
    private readonly ConcurrentDictionary<Guid, Generation> _mirrors = new();
    private readonly SharedAnswers _shared;
    private readonly TimeProvider _time;
    private readonly ILogger<AnswerMirrors> _logger;
    private readonly ITimer _presence;
    private readonly CancellationTokenSource _disposed = new();

    public AnswerMirrors(SharedAnswers shared, TimeProvider time, ILogger<AnswerMirrors> logger)
    {
        _shared = shared;
        _time = time;
        _logger = logger;
        _presence = time.CreateTimer(static state => ((AnswerMirrors)state!).SayReadersAreHere(), this, shared.RenewEvery, shared.RenewEvery);
    }

    /// <summary>Mirrors followed now.</summary>
    public int Count => _mirrors.Count;

    /// <summary>
    /// The mirror of an answer another instance produces (one per answer here). <paramref name="stored"/> is its row
    /// as storage has it: what the page shows if the shared log turns out to be gone (its owner died and the log
    /// with it), as interrupted.
    /// </summary>
    public Generation Follow(Guid answerId, AttemptEntity? stored = null)
    {
        while (true)
        {
            if (_mirrors.TryGetValue(answerId, out var existing))
            {
                return existing;
            }
            var mirror = Generation.Mirroring(answerId, _time, () => _ = RequestStopAsync(answerId));
            if (_mirrors.TryAdd(answerId, mirror))
            {
                _ = RunAsync(mirror, stored);
                return mirror;
            }
            mirror.Dispose();
        }
    }

    private async Task RequestStopAsync(Guid answerId)
    {
        try
        {
            await _shared.RequestStopAsync(answerId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Could not ask for answer {AnswerId} to stop: Redis is unavailable", answerId);
        }
    }

    private async Task RunAsync(Generation mirror, AttemptEntity? stored)
    {
        var log = new RedisAnswerLog(_shared.Redis, mirror.Id);
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(mirror.MirrorToken, _disposed.Token);
        var token = stopping.Token;
        try
        {
            var after = 0L;
            while (!mirror.Completion.IsCompleted)
            {
                try
                {
                    // Quiet for a whole lease: ask whether anyone still produces it or its log is gone.
                    await foreach (var batch in AnswerLogReader.FollowAsync(log, after, keepAlive: _shared.Options.Lease, poll: TimeSpan.FromMilliseconds(250), token)
                                       .ConfigureAwait(false))
                    {
                        if (batch.Count > 0)
                        {
                            mirror.ApplyMirrored(batch);
                            after = batch[^1].Sequence;
                        }
                        else if (await IsGoneAsync(mirror.Id).ConfigureAwait(false))
                        {
                            EndGone(mirror, stored, after);
                            return;
                        }
                    }
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    _logger.LogWarning(ex, "Reading the shared log of answer {AnswerId} failed; retrying", mirror.Id);
                    await Task.Delay(TimeSpan.FromSeconds(1), _time, token).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            mirror.EndMirror(StreamOutcome.Stopped(StopReason.Shutdown)); // this instance stops following; the answer goes on
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Following answer {AnswerId} failed", mirror.Id);
            mirror.EndMirror(StreamOutcome.Failed(FailureKind.Unknown, "This server lost track of the answer. Reload to see it."));
        }
        finally
        {
            _mirrors.TryRemove(new KeyValuePair<Guid, Generation>(mirror.Id, mirror));
        }
    }

    // Nobody holds the lease and the log has no outcome to come: its owner died and nothing took it over (Redis lost it).
    private async Task<bool> IsGoneAsync(Guid answerId)
    {
        var keys = new SharedKeys(answerId);
        var database = _shared.Redis.GetDatabase();
        return !await database.KeyExistsAsync(keys.Lease).ConfigureAwait(false)
            && await database.SortedSetScoreAsync(SharedKeys.Running, answerId.ToString("N")).ConfigureAwait(false) is null;
    }

    private void EndGone(Generation mirror, AttemptEntity? stored, long after)
    {
        _logger.LogWarning("Answer {AnswerId} has no producer and no outcome in Redis; shown as interrupted", mirror.Id);
        var events = new List<AnswerEvent>();
        if (after == 0)
        {
            events.Add(new AnswerStarted(stored?.Provider ?? "", _time.GetUtcNow(), stored?.Content ?? "",
                stored is null ? [] : AttemptMapping.ToolCallsOf(stored), null) { Sequence = 1 });
        }
        events.Add(new AnswerEnded(StreamOutcome.Failed(FailureKind.Interrupted, AttemptMapping.InterruptedMessage), null, _time.GetUtcNow(), 0) { Sequence = after + events.Count + 1 });
        mirror.ApplyMirrored(events);
    }

    // Readers here keep the owner from stopping the answer as abandoned (it reads this at each renewal).
    private void SayReadersAreHere()
    {
        try
        {
            var database = _shared.Redis.GetDatabase();
            foreach (var mirror in _mirrors.Values)
            {
                if (mirror.Readers > 0 && !mirror.Completion.IsCompleted)
                {
                    _ = database.StringSetAsync(new SharedKeys(mirror.Id).RemoteReaders, "1", _shared.Options.Lease, flags: CommandFlags.FireAndForget);
                }
            }
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Redis away (the next tick tries again) or the app shutting down.
        }
    }

    public void Dispose()
    {
        _presence.Dispose();
        _disposed.Cancel();
        _disposed.Dispose();
    }
}
