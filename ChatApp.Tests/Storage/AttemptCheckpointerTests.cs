using ChatApp.Configuration;
using ChatApp.Storage;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Storage;

public sealed class AttemptCheckpointerTests : IAsyncLifetime
{
    private readonly SqliteDatabase _database = new();
    private readonly FakeTimeProvider _time = new();
    private readonly ScriptedStream _stream = new();
    private ConversationStore _store = null!;
    private AttemptCheckpointer _checkpointer = null!;
    private Generation _generation = null!;
    private readonly Guid _messageId = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        _store = new ConversationStore(_database, _time);
        await new StorageStartup(_database, _store, NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
        var conversation = await _store.CreateAsync("alice", "t");
        await _store.AddMessageAsync("alice", conversation, new MessageEntity { Id = _messageId, Role = "assistant", Position = 0 });
        _checkpointer = new AttemptCheckpointer(_store, _time, Options.Create(new ChatOptions()), NullLogger<AttemptCheckpointer>.Instance);
        _generation = new Generation("Model", _time, GenerationOptions.Default with { MaxDuration = TimeSpan.FromHours(1) });
        _ = _generation.RunAsync(_stream.ReadAsync);
    }

    private async Task<string?> StoredTextAsync()
    {
        await using var db = _database.CreateDbContext();
        return (await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == _generation.Id))?.Content;
    }

    private async Task<string?> StoredStatusAsync()
    {
        await using var db = _database.CreateDbContext();
        return (await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == _generation.Id))?.Status;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string because)
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
        var tracking = _checkpointer.TrackAsync(_generation, _generation.Id, _messageId, 0);
        await EventuallyAsync(async () => await StoredStatusAsync() == "pending", "the first checkpoint");

        _stream.Send("one ");
        Eventually.True(() => _generation.Text == "one ", "the first token");
        _stream.Send("two ");
        Eventually.True(() => _generation.Text == "one two ", "the second token");
        await Task.Delay(200);
        Assert.Equal("", await StoredTextAsync()); // not written per token

        _time.Advance(_checkpointer.Interval);
        await EventuallyAsync(async () => await StoredTextAsync() == "one two ", "the next checkpoint");

        _stream.Send("three");
        _stream.Finish();
        await tracking.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("one two three", await StoredTextAsync()); // and the outcome at once
        Assert.Equal("complete", await StoredStatusAsync());
    }

    [Fact]
    public async Task DatabaseFailure_DoesNotBreakTheStream_AndTheNextCheckpointCatchesUp()
    {
        var tracking = _checkpointer.TrackAsync(_generation, _generation.Id, _messageId, 0);
        await EventuallyAsync(async () => await StoredStatusAsync() == "pending", "the first checkpoint");
        await using (var db = _database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER fail_updates BEFORE UPDATE ON Attempts BEGIN SELECT RAISE(ABORT, 'disk full'); END;");
        }

        _stream.Send("still streaming");
        _time.Advance(_checkpointer.Interval);
        await Task.Delay(200);
        Assert.Equal(GenerationStatus.Streaming, _generation.Status);
        Assert.Equal("", await StoredTextAsync());

        await using (var db = _database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER fail_updates;");
        }
        _time.Advance(_checkpointer.Interval);
        await EventuallyAsync(async () => await StoredTextAsync() == "still streaming", "the retry at the next checkpoint");
        _stream.Finish();
        await tracking.WaitAsync(TimeSpan.FromSeconds(5));
    }

    public async Task DisposeAsync()
    {
        _generation.Dispose();
        await _database.DisposeAsync();
    }
}
