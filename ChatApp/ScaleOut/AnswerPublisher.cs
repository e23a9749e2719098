using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// The producing instance's side of one shared answer: takes the answer's lease, copies its log to the Redis Stream
/// as it grows (one fenced script call per frame's events), renews the lease, and on each renewal learns whether a
/// Stop was asked elsewhere and whether other instances have readers. If Redis refuses an append because the lease
/// is someone else's now, this instance was taken over (it was paused or cut off): it ends its copy of the answer
/// and writes nothing more.
/// </summary>
internal sealed class AnswerPublisher(SharedAnswers shared, Generation generation, TimeProvider time, ILogger logger)
{
    private const string FencedMessage = "Another server took this answer over while this one was unreachable. The text so far is kept there.";

    private readonly SharedKeys _keys = new(generation.Id);
    private readonly Lock _gate = new();
    private string? _token;
    private long _validUntil; // time.GetTimestamp() until which the lease is ours without asking Redis
    private bool _lost;
    private bool _ended;
    private IDisposable? _remoteReaders;

    public Guid AnswerId => generation.Id;

    /// <summary>Another instance holds the answer's lease now: this one was taken over.</summary>
    public bool Lost
    {
        get { lock (_gate) { return _lost; } }
    }

    public bool MayWrite
    {
        get
        {
            lock (_gate)
            {
                if (_lost)
                {
                    return false;
                }
                // Past the lease's time with Redis answering: another instance may have taken it over (this process was
                // paused); a renewal settles it. With Redis down nobody can take it over, so storage goes on.
                return _token is null || _ended || time.GetTimestamp() < _validUntil || !shared.Redis.IsConnected;
            }
        }
    }

    public void StopRequested() => generation.Stop();

    public async Task RunAsync()
    {
        if (!await AcquireAsync().ConfigureAwait(false))
        {
            return;
        }
        using var renewing = new CancellationTokenSource();
        var renewals = RenewAsync(renewing.Token);
        try
        {
            await foreach (var batch in AnswerLogReader.FollowAsync(generation.Log, 0).ConfigureAwait(false))
            {
                if (!await AppendAsync(batch).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _ended = true;
                _remoteReaders?.Dispose();
                _remoteReaders = null;
            }
            await renewing.CancelAsync().ConfigureAwait(false);
            await renewals.ConfigureAwait(false);
        }
    }

    private async Task<bool> AcquireAsync()
    {
        var options = shared.Options;
        for (var attempt = 1; ; attempt++)
        {
            var started = time.GetTimestamp();
            try
            {
                var token = (string?)await SharedAnswerScripts.Acquire.EvaluateAsync(shared.Redis.GetDatabase(), new
                {
                    lease = _keys.Lease, epoch = _keys.Epoch, running = SharedKeys.Running, stop = _keys.StopRequested, log = _keys.Log,
                    instance = shared.Instance, leaseMs = (long)options.Lease.TotalMilliseconds, answer = AnswerId.ToString("N"),
                    now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                }).ConfigureAwait(false);
                lock (_gate)
                {
                    _token = token;
                    _validUntil = started + (long)(options.Lease.TotalSeconds * 0.8 * time.TimestampFrequency);
                }
                return true;
            }
            catch (RedisServerException ex) when (ex.Message.Contains("LEASED", StringComparison.Ordinal))
            {
                // Another instance still produces this answer (a continue asked while it runs there): this run stays local.
                logger.LogWarning("Answer {AnswerId} is leased by another instance; this run of it is not shared", AnswerId);
                return false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException && attempt < 3 && !generation.Completion.IsCompleted)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // The answer still runs here and is checkpointed to the database; only other instances cannot follow it.
                logger.LogWarning(ex, "Redis is unavailable: answer {AnswerId} runs on this instance only and cannot be resumed elsewhere", AnswerId);
                return false;
            }
        }
    }

    // True to go on; false once the lease is lost (the answer here is ended, nothing more is written).
    private async Task<bool> AppendAsync(IReadOnlyList<AnswerEvent> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await SharedAnswerScripts.AppendAsync(shared.Redis.GetDatabase(), AnswerId, _token!, batch, shared.Options.RetainSeconds,
                    (long)shared.Options.Lease.TotalMilliseconds).ConfigureAwait(false);
                return true;
            }
            catch (RedisServerException ex) when (ex.Message.Contains("FENCED", StringComparison.Ordinal))
            {
                LoseLease();
                return false;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Redis is away: the answer goes on here (and into the database); the log catches up when it is back.
                if (attempt == 1)
                {
                    logger.LogWarning(ex, "Could not append to the shared log of answer {AnswerId}; retrying", AnswerId);
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(2000, 100 * attempt)), time).ConfigureAwait(false);
            }
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var leaseMs = (long)shared.Options.Lease.TotalMilliseconds;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(shared.RenewEvery, time, cancellationToken).ConfigureAwait(false);
                var sent = time.GetTimestamp();
                var flags = (long)await SharedAnswerScripts.Renew.EvaluateAsync(shared.Redis.GetDatabase(), new
                {
                    lease = _keys.Lease, epoch = _keys.Epoch, running = SharedKeys.Running, stop = _keys.StopRequested, readers = _keys.RemoteReaders,
                    token = _token, leaseMs, answer = AnswerId.ToString("N"),
                }).ConfigureAwait(false);
                lock (_gate)
                {
                    if (_ended)
                    {
                        return; // the last append gave the lease back
                    }
                }
                if (flags < 0)
                {
                    LoseLease();
                    return;
                }
                lock (_gate)
                {
                    _validUntil = sent + (long)(shared.Options.Lease.TotalSeconds * 0.8 * time.TimestampFrequency);
                    // Readers on other instances keep the answer alive as a reader here would.
                    if ((flags & 2) != 0)
                    {
                        _remoteReaders ??= generation.AttachReader();
                    }
                    else
                    {
                        _remoteReaders?.Dispose();
                        _remoteReaders = null;
                    }
                }
                if ((flags & 1) != 0)
                {
                    generation.Stop();
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogDebug(ex, "Lease renewal of answer {AnswerId} failed; retrying", AnswerId);
            }
        }
    }

    private void LoseLease()
    {
        lock (_gate)
        {
            if (_lost || _ended)
            {
                return;
            }
            _lost = true;
        }
        logger.LogWarning("Answer {AnswerId}: another instance holds its lease now; this instance stops producing it and writes nothing more", AnswerId);
        generation.Interrupt(FencedMessage);
    }
}
