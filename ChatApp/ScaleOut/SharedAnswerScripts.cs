using System.Globalization;
using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// The Lua scripts that keep one producer per answer. Redis runs each atomically, so the lease check and the
/// write it guards cannot be separated by another instance's takeover: an instance that lost its lease (paused,
/// partitioned, or merely slow) is refused by Redis itself, whatever it believes.
/// </summary>
public static class SharedAnswerScripts
{
    /// <summary>
    /// A new run of an answer (a new answer, or a continue of one): refused while someone holds its lease; else a
    /// new epoch, the lease, a place in the running set, and an empty log (a continue starts its own log).
    /// KEYS: lease, epoch, running, stop, log. ARGV: instance, lease ms, answer id, now ms. Returns the token.
    /// </summary>
    public static readonly LuaScript Acquire = LuaScript.Prepare("""
        if redis.call('EXISTS', @lease) == 1 then return redis.error_reply('LEASED') end
        local epoch = redis.call('INCR', @epoch)
        local token = @instance .. ':' .. epoch
        redis.call('SET', @lease, token, 'PX', @leaseMs)
        redis.call('ZADD', @running, @now, @answer)
        redis.call('DEL', @stop, @log)
        return token
        """);

    /// <summary>
    /// The sweeper's takeover of an answer whose owner is gone (its lease expired): a new epoch and the lease, or nil
    /// when someone holds it. KEYS: lease, epoch. ARGV: instance, lease ms. Returns the token.
    /// </summary>
    public static readonly LuaScript TakeOver = LuaScript.Prepare("""
        if redis.call('EXISTS', @lease) == 1 then return false end
        local epoch = redis.call('INCR', @epoch)
        local token = @instance .. ':' .. epoch
        redis.call('SET', @lease, token, 'PX', @leaseMs)
        return token
        """);

    /// <summary>
    /// The owner's renewal: -1 when the lease is not its own any more; else 1 if a Stop was asked + 2 if another
    /// instance has readers. A lease that merely expired (the owner was paused or cut off for longer than it, and no
    /// sweeper took the answer over: the epoch is still the token's and the answer still runs) is taken back.
    /// KEYS: lease, epoch, running, stop, readers. ARGV: token, lease ms, answer id.
    /// </summary>
    public static readonly LuaScript Renew = LuaScript.Prepare("""
        local held = redis.call('GET', @lease)
        if held ~= @token then
          if held or redis.call('GET', @epoch) ~= string.match(@token, '(%d+)$') or not redis.call('ZSCORE', @running, @answer) then return -1 end
          redis.call('SET', @lease, @token, 'PX', @leaseMs)
        else
          redis.call('PEXPIRE', @lease, @leaseMs)
        end
        local flags = 0
        if redis.call('EXISTS', @stop) == 1 then flags = flags + 1 end
        if redis.call('EXISTS', @readers) == 1 then flags = flags + 2 end
        return flags
        """);

    /// <summary>The most entries an answer's log keeps (<c>MAXLEN ~</c>): far above a long answer's frames.</summary>
    public const int MaxLogLength = 100_000;

    /// <summary>
    /// Appends events (with their sequence numbers) to the answer's log for the holder of <paramref name="token"/>;
    /// when the last is the outcome, the run ends (see <see cref="AppendScript"/>).
    /// </summary>
    /// <exception cref="RedisServerException">"FENCED": the lease is not <paramref name="token"/>'s any more.</exception>
    /// <param name="leaseMs">How long a lease taken back runs (see <see cref="AppendScript"/>).</param>
    public static Task AppendAsync(IDatabase database, Guid answerId, string token, IReadOnlyList<AnswerEvent> events, int retainSeconds, long leaseMs)
    {
        var keys = new SharedKeys(answerId);
        var arguments = new RedisValue[FirstEventArgument + events.Count * 2];
        arguments[0] = token;
        arguments[1] = MaxLogLength;
        arguments[2] = keys.Appended.ToString();
        arguments[3] = events.Count > 0 && events[^1] is AnswerEnded ? "1" : "0";
        arguments[4] = answerId.ToString("N");
        arguments[5] = retainSeconds;
        arguments[6] = leaseMs;
        for (var i = 0; i < events.Count; i++)
        {
            arguments[FirstEventArgument + i * 2] = events[i].Sequence.ToString(CultureInfo.InvariantCulture);
            arguments[FirstEventArgument + 1 + i * 2] = AnswerEventCodec.Encode(events[i]);
        }
        return database.ScriptEvaluateAsync(AppendScript, [keys.Lease, keys.Log, SharedKeys.Running, keys.Epoch], arguments);
    }

    private const int FirstEventArgument = 7;

    /// <summary>
    /// Appends events (ARGV from the 8th on: sequence, payload, sequence, payload, …) as entries <c>{sequence}-0</c>,
    /// only for the lease holder (else the error FENCED); a lease that merely expired is taken back, as a renewal
    /// does (see <see cref="Renew"/>). Entries the log already has are skipped, so a retried append (a timeout whose
    /// write went through) adds nothing twice. Nudges the readers. On the last event the answer leaves the running
    /// set, its lease is given back and the log expires after the retention.
    /// KEYS: lease, log, running, epoch. ARGV: token, max length, channel, ended (1/0), answer id, retention s, lease ms, pairs….
    /// </summary>
    private const string AppendScript = """
        local held = redis.call('GET', KEYS[1])
        if held ~= ARGV[1] then
          if held or redis.call('GET', KEYS[4]) ~= string.match(ARGV[1], '(%d+)$') or not redis.call('ZSCORE', KEYS[3], ARGV[5]) then
            return redis.error_reply('FENCED')
          end
          redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[7])
        end
        local last = 0
        local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
        if #top > 0 then last = tonumber(string.match(top[1][1], '^(%d+)')) end
        for i = 8, #ARGV, 2 do
          if tonumber(ARGV[i]) > last then
            redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], ARGV[i] .. '-0', 'e', ARGV[i + 1])
          end
        end
        if ARGV[4] == '1' then
          redis.call('ZREM', KEYS[3], ARGV[5])
          redis.call('DEL', KEYS[1])
          redis.call('EXPIRE', KEYS[2], ARGV[6])
        end
        redis.call('PUBLISH', ARGV[3], '')
        return 1
        """;
}
