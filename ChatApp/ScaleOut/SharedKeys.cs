using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// Where one answer lives in Redis when instances share answers (one Redis server or a primary with replicas:
/// the scripts touch an answer's keys and the running set together, so Redis Cluster is not supported).
/// </summary>
public readonly record struct SharedKeys(Guid AnswerId)
{
    private string Prefix => $"chatapp:answer:{AnswerId:N}";

    /// <summary>The answer's event log: a Redis Stream whose entry ids are <c>{sequence}-0</c>.</summary>
    public RedisKey Log => $"{Prefix}:log";

    /// <summary>Who produces the answer now: <c>{instance}:{epoch}</c>, with an expiry the owner renews.</summary>
    public RedisKey Lease => $"{Prefix}:lease";

    /// <summary>Counts the leases ever given for the answer, so every new owner's token differs from the last.</summary>
    public RedisKey Epoch => $"{Prefix}:epoch";

    /// <summary>Set by a Stop on any instance; the owner reads it at each renewal, in case the pub/sub message was lost.</summary>
    public RedisKey StopRequested => $"{Prefix}:stop";

    /// <summary>Set (with an expiry) while another instance has readers of the answer, so the owner does not stop it as abandoned.</summary>
    public RedisKey RemoteReaders => $"{Prefix}:readers";

    /// <summary>Nudged after every append (carries nothing: readers read the log).</summary>
    public RedisChannel Appended => RedisChannel.Literal($"{Prefix}:appended");

    /// <summary>Every answer some instance produces now, scored by when its lease was first taken; the sweeper walks it.</summary>
    public static readonly RedisKey Running = "chatapp:answers:running";

    /// <summary>Stop requests for any answer (the message is the answer's id); every owner listens.</summary>
    public static readonly RedisChannel Stops = RedisChannel.Literal("chatapp:answers:stop");

    /// <summary>Which answer an AI SDK chat runs now (<c>/api/chat</c> resume and stop on any instance).</summary>
    public static RedisKey ChatAnswer(string chatId) => $"chatapp:chat:{chatId}:answer";

    /// <summary>The sequence number of a log entry id (<c>{sequence}-0</c>).</summary>
    public static long SequenceOf(RedisValue entryId)
    {
        var id = (string)entryId!;
        return long.Parse(id.AsSpan(0, id.IndexOf('-')), System.Globalization.CultureInfo.InvariantCulture);
    }
}
