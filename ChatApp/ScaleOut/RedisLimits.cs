using System.Collections.Concurrent;
using ChatApp.Answers;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// The cluster's ledger of <c>Chat:Limits</c> in Redis. Running streams: a sorted set per identity of slots scored by
/// when they expire; this instance renews its slots with its leases, so the slots of a dead instance lapse by
/// themselves. Output tokens: one counter per identity per five minutes, the last twelve summed (the same sliding
/// hour as the single-instance limiter).
/// </summary>
public sealed class RedisLimits : IClusterLimits, IDisposable
{
    private static readonly TimeSpan Segment = TimeSpan.FromMinutes(5);
    private const int Segments = 12;

    // Drops lapsed slots, then takes one if fewer than the limit are held. KEYS: slots. ARGV: now ms, expiry ms, slot, limit.
    private static readonly LuaScript Hold = LuaScript.Prepare("""
        redis.call('ZREMRANGEBYSCORE', @slots, '-inf', @now)
        if redis.call('ZCARD', @slots) >= tonumber(@limit) then return 0 end
        redis.call('ZADD', @slots, @expires, @slot)
        redis.call('PEXPIREAT', @slots, @expires) -- renewals extend it while any slot is held
        return 1
        """);

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _slotLife;
    private readonly ConcurrentDictionary<string, string> _held = new(); // slot → identity
    private readonly ITimer _renewal;

    public RedisLimits(SharedAnswers shared, TimeProvider time)
    {
        _redis = shared.Redis;
        _time = time;
        _slotLife = shared.Options.Lease;
        _renewal = time.CreateTimer(static state => ((RedisLimits)state!).Renew(), this, shared.RenewEvery, shared.RenewEvery);
    }

    private static RedisKey Slots(string identity) => $"chatapp:limits:{identity}:streams";

    private static RedisKey Tokens(string identity, long segment) => $"chatapp:limits:{identity}:tokens:{segment}";

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private long SegmentNow => NowMs / (long)Segment.TotalMilliseconds;

    public async ValueTask<IDisposable?> TryHoldStreamAsync(string identity, int limit)
    {
        var slot = Guid.NewGuid().ToString("N");
        var now = NowMs;
        var held = await AskAsync(() => Hold.EvaluateAsync(_redis.GetDatabase(), new
        {
            slots = Slots(identity), now, expires = now + (long)_slotLife.TotalMilliseconds, slot, limit,
        })).ConfigureAwait(false);
        if ((long)held != 1)
        {
            return null;
        }
        _held[slot] = identity;
        return new Slot(this, identity, slot);
    }

    public async ValueTask<long> TokensThisHourAsync(string identity)
    {
        var current = SegmentNow;
        var keys = Enumerable.Range(0, Segments).Select(i => Tokens(identity, current - i)).ToArray();
        var counts = await AskAsync(() => _redis.GetDatabase().StringGetAsync(keys)).ConfigureAwait(false);
        return counts.Sum(value => value.IsNull ? 0 : (long)value);
    }

    public void Charge(string identity, int tokens)
    {
        if (tokens <= 0)
        {
            return;
        }
        var key = Tokens(identity, SegmentNow);
        ThrowIfDisconnected();
        try
        {
            var database = _redis.GetDatabase();
            database.StringIncrement(key, tokens, CommandFlags.FireAndForget);
            database.KeyExpire(key, Segment * (Segments + 1), CommandFlags.FireAndForget);
        }
        catch (RedisException ex)
        {
            throw new ClusterLimitsUnavailableException(ex);
        }
    }

    // Keeps this instance's slots alive (a crashed instance's lapse after one lease).
    private void Renew()
    {
        if (_held.IsEmpty)
        {
            return;
        }
        var expires = NowMs + (long)_slotLife.TotalMilliseconds;
        try
        {
            var database = _redis.GetDatabase();
            foreach (var (slot, identity) in _held)
            {
                _ = database.SortedSetAddAsync(Slots(identity), slot, expires, SortedSetWhen.Exists, CommandFlags.FireAndForget);
                _ = database.KeyExpireAsync(Slots(identity), _slotLife, CommandFlags.FireAndForget);
            }
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // Redis away (the next renewal tries again) or the app shutting down.
        }
    }

    private async Task<T> AskAsync<T>(Func<Task<T>> ask)
    {
        ThrowIfDisconnected();
        try
        {
            return await ask().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            throw new ClusterLimitsUnavailableException(ex);
        }
    }

    // Fail at once: while disconnected the client queues commands until its timeout, and a user would wait that long.
    private void ThrowIfDisconnected()
    {
        if (!_redis.IsConnected)
        {
            throw new ClusterLimitsUnavailableException();
        }
    }

    public void Dispose() => _renewal.Dispose();

    private sealed class Slot(RedisLimits limits, string identity, string slot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && limits._held.TryRemove(slot, out _))
            {
                try
                {
                    limits._redis.GetDatabase().SortedSetRemove(Slots(identity), slot, CommandFlags.FireAndForget);
                }
                catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
                {
                    // Not renewed any more: the slot lapses by itself within a lease.
                }
            }
        }
    }
}
