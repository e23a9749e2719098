using ChatApp.ScaleOut;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Tests.Storage;
using StackExchange.Redis;

namespace ChatApp.Tests.ScaleOut;

/// <summary>Crash takeover: an answer whose producer died is ended as interrupted, in Redis and in storage, by another instance.</summary>
[Collection(RedisCollection.Name)]
public sealed class LeaseSweeperTests(RedisServer redis) : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new();
    private ConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        // The sweeper sweeps every answer in Redis: an earlier test's leftovers must not be taken for this test's.
        await redis.ExecuteAsync("FLUSHALL");
        _store = new ConversationStore(_database, TimeProvider.System);
        await new StorageStartup(_database, _store, Microsoft.Extensions.Logging.Abstractions.NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task AnswerWhoseOwnerDied_IsTakenOver_EndedInterrupted_AndItsPartialSaved()
    {
        var (answerId, messageId) = await StoredStreamingAnswerAsync("t0001 (checkpoint)");
        await using var dead = await redis.ConnectAsync();
        var keys = new SharedKeys(answerId);
        var token = await ActAsOwnerThatDiesAsync(dead.GetDatabase(), keys, answerId,
            new AnswerStarted("Test model", DateTimeOffset.UtcNow, "", [], null), new TextAppended("t0001 "), new TextAppended("t0002 "));
        await using var b = await SharedNode.StartAsync(redis, _store);
        var mirror = b.Mirrors.Follow(answerId);

        Assert.Empty(await b.Sweeper!.SweepAsync()); // the lease still runs
        await Task.Delay(1300); // the dead owner never renews: its lease (1 s) expires
        var taken = await b.Sweeper.SweepAsync();

        Assert.Equal([answerId], taken);
        var outcome = await mirror.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(FailureKind.Interrupted, outcome.Failure);
        Assert.Equal("t0001 t0002 ", mirror.Text);
        var row = (await _store.FindAttemptAsync(answerId))!;
        Assert.Equal((messageId, "error", FailureKind.Interrupted, "t0001 t0002 ", 4L), (row.MessageId, row.Status, row.FailureKind, row.Content, row.LastSequence));
        Assert.Null(await dead.GetDatabase().SortedSetScoreAsync(SharedKeys.Running, answerId.ToString("N")));
        // The dead owner's token is worthless now, should it come back.
        var stale = await Assert.ThrowsAsync<RedisServerException>(() => AppendAsync(dead.GetDatabase(), answerId, token!, new TextAppended("late") { Sequence = 5 }));
        Assert.Contains("FENCED", stale.Message);
        Assert.Empty(await b.Sweeper.SweepAsync());
    }

    [Fact]
    public async Task AnswerThatNeverReachedRedis_IsSavedInterrupted_FromItsCheckpoint()
    {
        var (answerId, _) = await StoredStreamingAnswerAsync("checkpointed text");
        await using var dead = await redis.ConnectAsync();
        await ActAsOwnerThatDiesAsync(dead.GetDatabase(), new SharedKeys(answerId), answerId);
        await using var b = await SharedNode.StartAsync(redis, _store);

        await Task.Delay(1300);
        Assert.Equal([answerId], await b.Sweeper!.SweepAsync());

        var row = (await _store.FindAttemptAsync(answerId))!;
        Assert.Equal(("error", FailureKind.Interrupted, "checkpointed text"), (row.Status, row.FailureKind, row.Content));
        var mirror = b.Mirrors.Follow(answerId, row);
        var outcome = await mirror.Completion.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((FailureKind.Interrupted, "checkpointed text"), (outcome.Failure, mirror.Text));
    }

    [Fact]
    public async Task Takeover_WhileTheDatabaseRefusesWrites_IsStoredInterrupted_OnceItTakesThemAgain()
    {
        var (answerId, _) = await StoredStreamingAnswerAsync("t0001 (checkpoint)");
        await using var dead = await redis.ConnectAsync();
        await ActAsOwnerThatDiesAsync(dead.GetDatabase(), new SharedKeys(answerId), answerId,
            new AnswerStarted("Test model", DateTimeOffset.UtcNow, "", [], null), new TextAppended("t0001 "), new TextAppended("t0002 "));
        await using var b = await SharedNode.StartAsync(redis, _store);
        await Task.Delay(1300);
        await _database.RefuseAttemptUpdatesAsync(true);

        // The log is ended (the answer leaves the running set, so no later sweep comes back to it); the row is not yet.
        Assert.Equal([answerId], await b.Sweeper!.SweepAsync());
        Assert.Equal("streaming", (await _store.FindAttemptAsync(answerId))!.Status);
        Assert.Null(await dead.GetDatabase().SortedSetScoreAsync(SharedKeys.Running, answerId.ToString("N")));

        await _database.RefuseAttemptUpdatesAsync(false);
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(50))
        {
            if ((await _store.FindAttemptAsync(answerId))!.Status != "streaming")
            {
                break;
            }
        }
        var row = (await _store.FindAttemptAsync(answerId))!;
        Assert.Equal(("error", FailureKind.Interrupted, "t0001 t0002 "), (row.Status, row.FailureKind, row.Content));
    }

    private async Task<(Guid Answer, Guid Message)> StoredStreamingAnswerAsync(string content)
    {
        var conversation = await _store.CreateAsync("alice", "Shared");
        var message = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", conversation, message);
        var answerId = Guid.NewGuid();
        await _store.SaveAttemptAsync(new AttemptEntity { Id = answerId, MessageId = message.Id, Number = 0, Status = "streaming", Content = content, LastSequence = 2 });
        return (answerId, message.Id);
    }

    // An owner that takes a 1 s lease, appends, and is never heard from again.
    private static async Task<string?> ActAsOwnerThatDiesAsync(IDatabase database, SharedKeys keys, Guid answerId, params AnswerEvent[] events)
    {
        var token = (string?)await SharedAnswerScripts.Acquire.EvaluateAsync(database, new
        {
            lease = keys.Lease, epoch = keys.Epoch, running = SharedKeys.Running, stop = keys.StopRequested, log = keys.Log,
            instance = "dead", leaseMs = 1000L, answer = answerId.ToString("N"), now = 1L,
        });
        if (events.Length > 0)
        {
            await AppendAsync(database, answerId, token!, events.Select((e, i) => e with { Sequence = i + 1 }).ToArray());
        }
        return token;
    }

    private static Task AppendAsync(IDatabase database, Guid answerId, string token, params AnswerEvent[] events) =>
        SharedAnswerScripts.AppendAsync(database, answerId, token, events, retainSeconds: 60, leaseMs: 1000);
}
