using ChatApp.Configuration;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Storage;

/// <summary>Checkpoint cadence and outcome writes, on every supported database.</summary>
public abstract class AttemptCheckpointerContract : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new();
    protected ScriptedStream Stream { get; } = new();
    private ConversationStore _store = null!;
    private Guid _conversation;
    protected AttemptCheckpointer Checkpointer { get; private set; } = null!;
    protected Generation Generation { get; private set; } = null!;
    protected Guid MessageId { get; } = Guid.NewGuid();

    protected IDbContextFactory<ChatDbContext> Database { get; private set; } = null!;

    protected abstract Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        _store = new ConversationStore(Database, Time);
        await new StorageStartup(Database, _store, NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
        var conversation = await _store.CreateAsync("alice", "t");
        _conversation = conversation;
        await _store.AddMessageAsync("alice", conversation, new MessageEntity { Id = MessageId, Role = "assistant", Position = 0 });
        Checkpointer = new AttemptCheckpointer(_store, Time, Options.Create(new ChatOptions()), NullLogger<AttemptCheckpointer>.Instance);
        Generation = new Generation("Model", Time, GenerationOptions.Default with { MaxDuration = TimeSpan.FromHours(1) });
        _ = Generation.RunAsync(Stream.ReadAsync);
    }

    protected async Task<string?> StoredTextAsync()
    {
        await using var db = Database.CreateDbContext();
        return (await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == Generation.Id))?.Content;
    }

    protected async Task<string?> StoredStatusAsync()
    {
        await using var db = Database.CreateDbContext();
        return (await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == Generation.Id))?.Status;
    }

    /// <summary>
    /// Advances fake time a tenth of an interval at a time until <paramref name="condition"/> holds, returning how far.
    /// Small steps, because the checkpointer creates its next timer a moment after each write, on another thread.
    /// </summary>
    protected async Task<TimeSpan> AdvanceUntilAsync(Func<Task<bool>> condition, string because)
    {
        var advanced = TimeSpan.Zero;
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return advanced;
            }
            Time.Advance(Checkpointer.Interval / 10);
            advanced += Checkpointer.Interval / 10;
            await Task.Delay(10);
        }
        Assert.Fail($"Timed out waiting: {because}");
        return advanced;
    }

    protected static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
    {
        for (var i = 0; i < 500; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(10);
        }
        Assert.Fail($"Timed out waiting: {because}");
    }

    [Fact]
    public async Task StreamingAnswer_IsWrittenAtMostOncePerInterval_NotPerToken()
    {
        var tracking = Checkpointer.Track(Generation.Log, MessageId, 0).Ended;
        await EventuallyAsync(async () => await StoredStatusAsync() == "pending", "the first checkpoint");

        Stream.Send("one ");
        Eventually.True(() => Generation.Text == "one ", "the first token");
        Stream.Send("two ");
        Eventually.True(() => Generation.Text == "one two ", "the second token");
        await Task.Delay(200);
        Assert.Equal("", await StoredTextAsync()); // not written per token

        var waited = await AdvanceUntilAsync(async () => await StoredTextAsync() == "one two ", "the next checkpoint");
        Assert.True(waited <= Checkpointer.Interval * 1.5, $"the next checkpoint came {waited} later");

        Stream.Send("three");
        Stream.Finish();
        await tracking.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("one two three", await StoredTextAsync()); // and the outcome at once
        Assert.Equal("complete", await StoredStatusAsync());
    }

    [Fact]
    public async Task FirstRowStored_CompletesOnceTheRowExists_WhileTheAnswerStillRuns()
    {
        var tracking = Checkpointer.Track(Generation.Log, MessageId, 0);

        await tracking.FirstRowStored.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("pending", await StoredStatusAsync()); // read at once: no waiting for a later write
        Assert.False(tracking.Ended.IsCompleted);
        Stream.Finish();
        await tracking.Ended.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ASnapshotThatThrows_IsLeftOut_TheOtherAnswersAreStillStored()
    {
        using var broken = Checkpointer.Writer.Register(Guid.NewGuid(), () => throw new InvalidOperationException("a bad snapshot"));
        for (var i = 0; i < 5; i++)
        {
            Time.Advance(Checkpointer.Interval); // the writer's loop meets the bad snapshot at every interval
            await Task.Delay(20);
        }

        var tracking = Checkpointer.Track(Generation.Log, MessageId, 0);
        await tracking.FirstRowStored.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("pending", await StoredStatusAsync());
        Stream.Finish();
        await tracking.Ended.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ToolCalls_AreStoredWithTheAnswer_AndRestoredAsTheyWere()
    {
        var tracking = Checkpointer.Track(Generation.Log, MessageId, 0).Ended;
        Stream.Send("Let me check.");
        Eventually.True(() => Generation.Text == "Let me check.", "the text");
        Stream.Send(new ToolCallDelta(0, 0, "call_1", "calculate", "{\"expression\":\"1+1\"}"));
        Stream.Send(new ToolCallDelta(0, 1, "call_2", "get_weather", "{}"));
        Stream.Send(new ToolCallResult(0, 0, Succeeded: true, "2"));
        Stream.Send(new ToolCallResult(0, 1, Succeeded: false, "unknown tool 'get_weather'"));
        Stream.Send("\n\nIt is 2.");
        Stream.Finish();
        await tracking.WaitAsync(TimeSpan.FromSeconds(5));

        await using var db = Database.CreateDbContext();
        var stored = await db.Attempts.AsNoTracking().SingleAsync(a => a.Id == Generation.Id);
        var restored = AttemptMapping.ToolCallsOf(stored);

        Assert.Equal(Generation.ToolCalls, restored);
        Assert.Equal([(13, "calculate", "2"), (13, "get_weather", "unknown tool 'get_weather'")], restored.Select(c => (c.TextOffset, c.Name, c.Result)));
    }

    /// <summary>Makes every update of a stored answer fail (a full disk), or stop failing.</summary>
    protected abstract Task BreakUpdatesAsync(bool broken);

    private async Task<List<(Generation Generation, Task Tracking)>> StartManyAsync(int count)
    {
        var answers = new List<(Generation, Task)>();
        for (var i = 0; i < count; i++)
        {
            var messageId = Guid.NewGuid();
            await _store.AddMessageAsync("alice", _conversation, new MessageEntity { Id = messageId, Role = "assistant", Position = i + 1 });
            var generation = new Generation("Model", Time, GenerationOptions.Default with { MaxDuration = TimeSpan.FromHours(1) });
            var stream = new ScriptedStream();
            _ = generation.RunAsync(stream.ReadAsync);
            _streams[generation.Id] = stream;
            answers.Add((generation, Checkpointer.Track(generation.Log, messageId, 0).Ended));
        }
        await EventuallyAsync(async () => (await StoredTextsAsync(answers.Select(a => a.Item1))).Count == count, "every answer's first row");
        return answers;
    }

    private readonly Dictionary<Guid, ScriptedStream> _streams = [];

    private async Task<Dictionary<Guid, string>> StoredTextsAsync(IEnumerable<Generation> generations)
    {
        var ids = generations.Select(g => g.Id).ToList();
        await using var db = Database.CreateDbContext();
        return await db.Attempts.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Content);
    }

    private async Task<bool> AllStoredAsync(List<(Generation Generation, Task Tracking)> answers, Func<int, string> text)
    {
        var stored = await StoredTextsAsync(answers.Select(a => a.Generation));
        return answers.Select((a, i) => stored.GetValueOrDefault(a.Generation.Id) == text(i)).All(ok => ok);
    }

    [Fact]
    public async Task ManyRunningAnswers_AreCheckpointedTogether_InOneTransactionPerInterval()
    {
        var answers = await StartManyAsync(40);
        var before = Checkpointer.Writer.Batches;

        for (var i = 0; i < answers.Count; i++)
        {
            _streams[answers[i].Generation.Id].Send($"answer {i}");
        }
        Eventually.True(() => answers.All(a => a.Generation.Text.Length > 0), "every answer's first token");
        // Fake time moves until all are stored: on a loaded machine a checkpointer may see its text a tick late.
        await AdvanceUntilAsync(() => AllStoredAsync(answers, i => $"answer {i}"), "every answer's checkpoint");

        // Group commit: 40 answers' checkpoints in one transaction (two if some saw their text a tick late), never one each.
        Assert.InRange(Checkpointer.Writer.Batches - before, 1, 2);
        foreach (var (generation, _) in answers)
        {
            _streams[generation.Id].Finish();
        }
        await Task.WhenAll(answers.Select(a => a.Tracking)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AFailedBatch_IsRetried_WithEveryAnswersLatestText()
    {
        var answers = await StartManyAsync(10);
        await BreakUpdatesAsync(true);
        for (var i = 0; i < answers.Count; i++)
        {
            _streams[answers[i].Generation.Id].Send($"part {i}");
        }
        Eventually.True(() => answers.All(a => a.Generation.Text.Length > 0), "every answer's first token");
        Time.Advance(Checkpointer.Interval);
        await Task.Delay(300);
        Assert.True(await AllStoredAsync(answers, _ => ""), "a write got through the broken database");

        for (var i = 0; i < answers.Count; i++)
        {
            Time.Advance(GenerationOptions.Default.FrameInterval);
            _streams[answers[i].Generation.Id].Send(" and more");
        }
        Eventually.True(() => answers.All(a => a.Generation.Text.EndsWith(" and more", StringComparison.Ordinal)), "the later tokens");
        await BreakUpdatesAsync(false);
        await AdvanceUntilAsync(() => AllStoredAsync(answers, i => $"part {i} and more"), "the retry with the latest text");
        foreach (var (generation, _) in answers)
        {
            _streams[generation.Id].Finish();
        }
        await Task.WhenAll(answers.Select(a => a.Tracking)).WaitAsync(TimeSpan.FromSeconds(10));
    }

    public virtual Task DisposeAsync()
    {
        Generation.Dispose();
        foreach (var stream in _streams.Values)
        {
            stream.Finish();
        }
        return Task.CompletedTask;
    }
}

/// <summary>Checkpoints on a real SQLite file, including a write failure mid-stream.</summary>
public sealed class SqliteAttemptCheckpointerTests : AttemptCheckpointerContract
{
    private readonly SqliteDatabase _file = new();

    protected override Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync() => Task.FromResult<IDbContextFactory<ChatDbContext>>(_file);

    protected override Task BreakUpdatesAsync(bool broken) => _file.RefuseAttemptUpdatesAsync(broken);

    [Fact]
    public async Task DatabaseFailure_DoesNotBreakTheStream_AndTheNextCheckpointCatchesUp()
    {
        var tracking = Checkpointer.Track(Generation.Log, MessageId, 0).Ended;
        await EventuallyAsync(async () => await StoredStatusAsync() == "pending", "the first checkpoint");
        await BreakUpdatesAsync(true);

        Stream.Send("still streaming");
        Time.Advance(Checkpointer.Interval);
        await Task.Delay(200);
        Assert.Equal(GenerationStatus.Streaming, Generation.Status);
        Assert.Equal("", await StoredTextAsync());

        await BreakUpdatesAsync(false);
        await AdvanceUntilAsync(async () => await StoredTextAsync() == "still streaming", "the retry at the next checkpoint");
        Stream.Finish();
        await tracking.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _file.DisposeAsync();
    }
}

/// <summary>Checkpoints on a real PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresAttemptCheckpointerTests(PostgresServer server) : AttemptCheckpointerContract
{
    protected override Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();

    protected override async Task BreakUpdatesAsync(bool broken)
    {
        await using var db = Database.CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(broken
            ? """
              CREATE FUNCTION fail_updates() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$ LANGUAGE plpgsql;
              CREATE TRIGGER fail_updates BEFORE UPDATE ON "Attempts" FOR EACH ROW EXECUTE FUNCTION fail_updates();
              """
            : """DROP TRIGGER fail_updates ON "Attempts"; DROP FUNCTION fail_updates();""");
    }
}
