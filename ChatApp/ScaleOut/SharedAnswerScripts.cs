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
    /// instance has readers. KEYS: lease, stop, readers. ARGV: token, lease ms.
    /// </summary>
    public static readonly LuaScript Renew = LuaScript.Prepare("""
        if redis.call('GET', @lease) ~= @token then return -1 end
        redis.call('PEXPIRE', @lease, @leaseMs)
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
    public static Task AppendAsync(IDatabase database, Guid answerId, string token, IReadOnlyList<AnswerEvent> events, int retainSeconds)
    {
        var keys = new SharedKeys(answerId);
        var arguments = new RedisValue[6 + events.Count * 2];
        arguments[0] = token;
        arguments[1] = MaxLogLength;
        arguments[2] = keys.Appended.ToString();
        arguments[3] = events.Count > 0 && events[^1] is AnswerEnded ? "1" : "0";
        arguments[4] = answerId.ToString("N");
        arguments[5] = retainSeconds;
        for (var i = 0; i < events.Count; i++)
        {
            arguments[6 + i * 2] = events[i].Sequence.ToString(CultureInfo.InvariantCulture);
            arguments[7 + i * 2] = AnswerEventCodec.Encode(events[i]);
        }
        return database.ScriptEvaluateAsync(AppendScript, [keys.Lease, keys.Log, SharedKeys.Running], arguments);
    }

    /// <summary>
    /// Appends events (ARGV from the 7th on: sequence, payload, sequence, payload, …) as entries <c>{sequence}-0</c>,
    /// only for the lease holder (else the error FENCED). Entries the log already has are skipped, so a retried
    /// append (a timeout whose write went through) adds nothing twice. Nudges the readers. On the last event the
    /// answer leaves the running set, its lease is given back and the log expires after the retention.
    /// KEYS: lease, log, running. ARGV: token, max length, channel, ended (1/0), answer id, retention s, pairs….
    /// </summary>
    private const string AppendScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return redis.error_reply('FENCED') end
        local last = 0
        local top = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
        if #top > 0 then last = tonumber(string.match(top[1][1], '^(%d+)')) end
        for i = 7, #ARGV, 2 do
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
