using System.Collections.Concurrent;
using ChatApp.Configuration;
using ChatApp.Storage;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ChatApp.ScaleOut;

/// <summary>
/// This instance's part in sharing answers through Redis (<c>Chat:ScaleOut:Redis</c>): every answer it produces is
/// published to its shared log under a lease (<see cref="AnswerPublisher"/>), a Stop asked on any instance reaches
/// the answer's owner, and storage asks here whether this instance may still write an answer.
/// </summary>
public sealed class SharedAnswers : IHostedService, IAnswerOwnership, IDisposable
{
    private readonly ConcurrentDictionary<Guid, AnswerPublisher> _produced = new();
    // Answers another instance took over from this one: never written here again (unless started here anew).
    private readonly ConcurrentDictionary<Guid, bool> _takenOver = new();
    private readonly GenerationRegistry _registry;
    private readonly ILogger<SharedAnswers> _logger;
    private readonly TimeProvider _time;

    public SharedAnswers(IConnectionMultiplexer redis, GenerationRegistry registry, IOptions<ChatOptions> options, TimeProvider time, ILogger<SharedAnswers> logger)
    {
        Redis = redis;
        _registry = registry;
        _time = time;
        _logger = logger;
        Options = options.Value.ScaleOut;
        // Unique per process: a restarted instance never mistakes an earlier life's lease for its own.
        Instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        registry.Started += OnStarted;
        redis.ConnectionFailed += (_, _) => AvailabilityChanged?.Invoke();
        redis.ConnectionRestored += (_, _) => AvailabilityChanged?.Invoke();
    }

    /// <summary>Whether Redis answers now. While it does not, answers run on their instance only (and are still saved).</summary>
    public bool Available => Redis.IsConnected;

    /// <summary>Redis went away or came back (raised on a background thread).</summary>
    public event Action? AvailabilityChanged;

    public IConnectionMultiplexer Redis { get; }

    public ScaleOutOptions Options { get; }

    /// <summary>This process's name in lease tokens.</summary>
    public string Instance { get; }

    /// <summary>How often an owner renews its leases and a reader elsewhere says it is still there.</summary>
    public TimeSpan RenewEvery => Options.Lease / 3;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Redis.GetSubscriber().SubscribeAsync(SharedKeys.Stops, (_, message) =>
            {
                if (Guid.TryParse((string?)message, out var answerId) && _produced.TryGetValue(answerId, out var publisher))
                {
                    publisher.StopRequested();
                }
            }).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            // Renewals read the stop key too: a Stop from elsewhere still arrives, within a renewal.
            _logger.LogWarning(ex, "Could not subscribe to stop requests; Stop from other instances arrives with lease renewals instead");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void OnStarted(Generation generation, bool shared)
    {
        if (!shared)
        {
            return;
        }
        var publisher = new AnswerPublisher(this, generation, _time, _logger);
        _takenOver.TryRemove(generation.Id, out _);
        _produced[generation.Id] = publisher;
        _ = RunAsync(publisher);
    }

    private async Task RunAsync(AnswerPublisher publisher)
    {
        try
        {
            await publisher.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            if (publisher.Lost)
            {
                _takenOver[publisher.AnswerId] = true;
            }
            _produced.TryRemove(new KeyValuePair<Guid, AnswerPublisher>(publisher.AnswerId, publisher));
        }
    }

    /// <summary>
    /// Whether this instance may write the answer's stored row: always, unless it produces the answer and has lost
    /// its lease (another instance took it over) or cannot tell (its lease ran out while Redis answers).
    /// </summary>
    public bool MayWrite(Guid answerId) =>
        !_takenOver.ContainsKey(answerId) && (!_produced.TryGetValue(answerId, out var publisher) || publisher.MayWrite);

    /// <summary>Asks the answer's owner, wherever it runs, to stop it (its partial is kept). False when no instance runs it.</summary>
    public async Task<bool> RequestStopAsync(Guid answerId)
    {
        if (_registry.Stop(answerId))
        {
            return true;
        }
        var keys = new SharedKeys(answerId);
        var database = Redis.GetDatabase();
        if (!await database.KeyExistsAsync(keys.Lease).ConfigureAwait(false))
        {
            return false;
        }
        // The key for the owner's next renewal (in case the message is lost), the message for now.
        await database.StringSetAsync(keys.StopRequested, "1", Options.Lease * 3).ConfigureAwait(false);
        await Redis.GetSubscriber().PublishAsync(SharedKeys.Stops, answerId.ToString("N")).ConfigureAwait(false);
        return true;
    }

    /// <summary>Whether some instance produces the answer now (it holds the lease).</summary>
    public async Task<bool> IsRunningAsync(Guid answerId) =>
        await Redis.GetDatabase().KeyExistsAsync(new SharedKeys(answerId).Lease).ConfigureAwait(false);

    /// <summary>The answers some instance produces now (startup must not mark them interrupted); null while Redis is unreachable.</summary>
    public async Task<IReadOnlySet<Guid>?> RunningAsync()
    {
        try
        {
            var members = await Redis.GetDatabase().SortedSetRangeByRankAsync(SharedKeys.Running).ConfigureAwait(false);
            return members.Select(m => Guid.TryParse((string?)m, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToHashSet();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _logger.LogWarning(ex, "Redis is unreachable: cannot tell which unfinished answers other instances still produce");
            return null;
        }
    }

    public void Dispose() => _registry.Started -= OnStarted;
}
