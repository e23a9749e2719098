using ChatApp.Streaming.Log;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// An answer's shared log as readers on any instance read it: the Redis Stream's entries after a sequence
/// (<c>XRANGE</c> from an exclusive id), nudged by the answer's pub/sub channel. The nudge carries nothing and may
/// be lost; <see cref="AnswerLogReader"/> also reads on a timer, so a lost nudge only delays.
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

    public IDisposable Subscribe(Action appended)
    {
        // Subscribed before this returns: a reader reads after subscribing, so nothing appended in between is missed.
        var subscriber = redis.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, _) => appended();
        subscriber.Subscribe(_keys.Appended, handler);
        return new Subscription(subscriber, _keys.Appended, handler);
    }

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
