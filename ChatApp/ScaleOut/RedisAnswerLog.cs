using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// An answer's shared log as readers on any instance read it: the Redis Stream's entries after a sequence
/// (<c>XRANGE</c> from an exclusive id), nudged by the answer's pub/sub channel. The nudge carries nothing and may
/// be lost; <see cref="AnswerLogReader"/> also reads on a timer, so a lost nudge only delays. Nothing here blocks a
/// thread waiting for Redis (under load, the thread its reply needs may be the one blocked).
/// </summary>
public sealed class RedisAnswerLog(IConnectionMultiplexer redis, Guid answerId) : IAnswerLog
{
    private readonly SharedKeys _keys = new(answerId);

    public Guid AnswerId => answerId;

    public async ValueTask<IReadOnlyList<AnswerEvent>> ReadAfterAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var entries = await redis.GetDatabase().StreamRangeAsync(_keys.Log, $"({afterSequence}-0", "+").WaitAsync(cancellationToken).ConfigureAwait(false);
        var events = new AnswerEvent[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            events[i] = AnswerEventCodec.Decode((string)entries[i]["e"]!, SharedKeys.SequenceOf(entries[i].Id));
        }
        return events;
    }

    /// <summary>Subscribes without waiting for Redis (a nudge before the subscription is in place is made up by the readers' poll).</summary>
    public IDisposable Subscribe(Action appended)
    {
        var (subscriber, handler) = Handler(appended);
        _ = subscriber.SubscribeAsync(_keys.Appended, handler, CommandFlags.FireAndForget);
        return new Subscription(subscriber, _keys.Appended, handler);
    }

    /// <summary>Subscribed when this completes: a reader reads after it, so nothing appended in between is missed.</summary>
    public async ValueTask<IDisposable> SubscribeAsync(Action appended)
    {
        var (subscriber, handler) = Handler(appended);
        var subscription = new Subscription(subscriber, _keys.Appended, handler);
        try
        {
            await subscriber.SubscribeAsync(_keys.Appended, handler).ConfigureAwait(false);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }
        return subscription;
    }

    private (ISubscriber, Action<RedisChannel, RedisValue>) Handler(Action appended) => (redis.GetSubscriber(), (_, _) => appended());

    private sealed class Subscription(ISubscriber subscriber, RedisChannel channel, Action<RedisChannel, RedisValue> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                subscriber.Unsubscribe(channel, handler, CommandFlags.FireAndForget);
            }
        }
    }
}
