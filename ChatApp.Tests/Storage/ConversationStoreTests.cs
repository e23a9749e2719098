using ChatApp.Streaming;
using ChatApp.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Storage;

/// <summary>What the conversation store must do on every supported database.</summary>
public abstract class ConversationStoreContract : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private ConversationStore _store = null!;

    protected IDbContextFactory<ChatDbContext> Database { get; private set; } = null!;

    /// <summary>A fresh, empty database on a real server or file.</summary>
    protected abstract Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        _store = new ConversationStore(Database, _time);
        await new StorageStartup(Database, _store, NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Startup_AppliesEveryMigration()
    {
        await using var db = await Database.CreateDbContextAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task Images_AreServedOnlyToTheirOwner_AndLoadWithTheirPromptInOrder()
    {
        var conversation = await _store.CreateAsync("alice", "Pictures");
        var first = new ChatApp.Conversations.ImageAttachment(Guid.NewGuid(), "image/png", "a.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 1]);
        var second = new ChatApp.Conversations.ImageAttachment(Guid.NewGuid(), "image/jpeg", "b.jpg", [0xFF, 0xD8, 0xFF, 2]);
        await _store.SaveImageAsync("alice", first.Id, first.ContentType, first.FileName, first.Bytes);
        await _store.SaveImageAsync("alice", second.Id, second.ContentType, second.FileName, second.Bytes);
        var prompt = Guid.NewGuid();
        await _store.AddMessageAsync("alice", conversation, new MessageEntity { Id = prompt, Role = "user", Content = "look", Position = 0 });

        await _store.AttachImagesAsync("alice", prompt, [second.Id, first.Id]);

        Assert.Null(await _store.GetImageAsync("mallory", first.Id));
        Assert.Equal(first.Bytes, (await _store.GetImageAsync("alice", first.Id))!.Bytes);
        var conversationLoaded = (await _store.LoadAsync("alice", conversation))!;
        var loaded = conversationLoaded.Messages.Single();
        Assert.Equal([("b.jpg", "image/jpeg"), ("a.png", "image/png")], loaded.Images.Select(i => (i.FileName, i.ContentType)));
        Assert.Contains($"**You:**\n\n![b.jpg](/images/{second.Id})\n\n![a.png](/images/{first.Id})\n\nlook",
            ChatApp.Endpoints.ConversationExportEndpoint.ToMarkdown(conversationLoaded));
    }

    [Fact]
    public async Task UnsentImages_AreDeletedAfterADay_SentOnesStay()
    {
        var conversation = await _store.CreateAsync("alice", "Pictures");
        var sent = new ChatApp.Conversations.ImageAttachment(Guid.NewGuid(), "image/png", "sent.png", [1]);
        var abandoned = new ChatApp.Conversations.ImageAttachment(Guid.NewGuid(), "image/png", "abandoned.png", [2]);
        await _store.SaveImageAsync("alice", sent.Id, sent.ContentType, sent.FileName, sent.Bytes);
        await _store.SaveImageAsync("alice", abandoned.Id, abandoned.ContentType, abandoned.FileName, abandoned.Bytes);
        var prompt = Guid.NewGuid();
        await _store.AddMessageAsync("alice", conversation, new MessageEntity { Id = prompt, Role = "user", Content = "x", Position = 0 });
        await _store.AttachImagesAsync("alice", prompt, [sent.Id]);

        _time.Advance(TimeSpan.FromHours(25));
        Assert.Equal(1, await _store.DeleteUnsentImagesAsync(TimeSpan.FromDays(1)));

        Assert.NotNull(await _store.GetImageAsync("alice", sent.Id));
        Assert.Null(await _store.GetImageAsync("alice", abandoned.Id));
    }

    [Fact]
    public async Task Conversations_AreListedNewestFirst_PerOwner()
    {
        var older = await _store.CreateAsync("alice", "Older");
        _time.Advance(TimeSpan.FromMinutes(1));
        var newer = await _store.CreateAsync("alice", "Newer");
        await _store.CreateAsync("bob", "Bob's");

        var list = await _store.ListAsync("alice");

        Assert.Equal([newer, older], list.Select(c => c.Id));
    }

    [Fact]
    public async Task AnotherOwner_CannotLoadWriteOrSelectInAConversationById()
    {
        var id = await _store.CreateAsync("alice", "Secret");
        var message = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", id, message);

        Assert.Null(await _store.LoadAsync("mallory", id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.AddMessageAsync("mallory", id, new MessageEntity { Id = Guid.NewGuid(), Role = "user", Content = "hi", Position = 1 }));
        await _store.SelectAttemptAsync("mallory", message.Id, 5);

        var alices = await _store.LoadAsync("alice", id);
        Assert.NotNull(alices);
        Assert.Single(alices.Messages);
        Assert.Equal(0, alices.Messages[0].SelectedAttempt);
    }

    [Fact]
    public async Task Load_ReturnsMessagesAndAttemptsInOrder()
    {
        var id = await _store.CreateAsync("alice", "Ordered");
        var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 1 };
        await _store.AddMessageAsync("alice", id, answer);
        await _store.AddMessageAsync("alice", id, new MessageEntity { Id = Guid.NewGuid(), Role = "user", Content = "first", Position = 0 });
        await _store.SaveAttemptAsync(new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Number = 1, Status = "complete", Content = "second try" });
        await _store.SaveAttemptAsync(new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Number = 0, Status = "error", Content = "first try" });

        var loaded = await _store.LoadAsync("alice", id);

        Assert.Equal(["user", "assistant"], loaded!.Messages.Select(m => m.Role));
        Assert.Equal(["first try", "second try"], loaded.Messages[1].Attempts.Select(a => a.Content));
    }

    [Fact]
    public async Task AnAnswer_IsStoredWithItsPendingRow_WhichItsFirstCheckpointThenUpdates()
    {
        var id = await _store.CreateAsync("alice", "Started");
        var answerId = Guid.NewGuid();
        var attemptId = Guid.NewGuid();

        await _store.AddMessageAsync("alice", id, new MessageEntity
        {
            Id = answerId, Role = "assistant", Position = 1, Attempts = [AttemptMapping.Pending(attemptId, answerId, "Model")],
        });

        var pending = (await _store.LoadAsync("alice", id))!.Messages.Single().Attempts.Single();
        Assert.Equal((attemptId, "pending", "Model", _time.GetUtcNow()), (pending.Id, pending.Status, pending.Provider, pending.UpdatedAt));
        Assert.True(AttemptMapping.IsRunning(pending));
        await _store.SaveAttemptAsync(new AttemptEntity { Id = attemptId, MessageId = answerId, Status = "streaming", Content = "Hel", Provider = "Model" });
        Assert.Equal(("streaming", "Hel"), (await _store.LoadAsync("alice", id))!.Messages.Single().Attempts.Select(a => (a.Status, a.Content)).Single());
    }

    [Fact]
    public async Task SaveAttempts_OneBatchOfManyAnswers_InsertsThenUpdatesEveryRow_AndMovesOnlyTheirConversationsUp()
    {
        var quiet = await _store.CreateAsync("alice", "Quiet");
        var busy = new[] { await _store.CreateAsync("alice", "Busy one"), await _store.CreateAsync("alice", "Busy two") };
        var answers = new List<MessageEntity>();
        for (var i = 0; i < 40; i++)
        {
            var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = i / 2 };
            await _store.AddMessageAsync("alice", busy[i % 2], answer);
            answers.Add(answer);
        }
        _time.Advance(TimeSpan.FromMinutes(1));
        await _store.AddMessageAsync("alice", quiet, new MessageEntity { Id = Guid.NewGuid(), Role = "user", Content = "newest", Position = 0 });
        var quietSince = _time.GetUtcNow();
        // 400 running answers' checkpoints in one batch (ten attempts of each answer: one array parameter each way).
        var attempts = answers.SelectMany(a => Enumerable.Range(0, 10).Select(n =>
            new AttemptEntity { Id = Guid.NewGuid(), MessageId = a.Id, Number = n, Status = "streaming", Content = "first" })).ToList();

        _time.Advance(TimeSpan.FromMinutes(1));
        var batchedAt = _time.GetUtcNow();
        await _store.SaveAttemptsAsync([], attempts);
        foreach (var attempt in attempts)
        {
            attempt.Content = $"later {attempt.Number}";
        }
        await _store.SaveAttemptsAsync([], attempts);

        await using var db = await Database.CreateDbContextAsync();
        var stored = await db.Attempts.ToListAsync();
        Assert.Equal(400, stored.Count);
        Assert.All(stored, a => Assert.Equal($"later {a.Number}", a.Content));
        // The batch moved both busy conversations above the quiet one, and only those.
        var list = await _store.ListAsync("alice");
        Assert.Equal(quiet, list[^1].Id);
        Assert.All(list.Where(c => c.Id != quiet), c => Assert.Equal(batchedAt, c.UpdatedAt));
        Assert.Equal(quietSince, list[^1].UpdatedAt);
    }

    private async Task<(Guid Conversation, Guid Message)> AnswerAsync(string title)
    {
        var id = await _store.CreateAsync("alice", title);
        var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", id, answer);
        return (id, answer.Id);
    }

    private static AttemptEntity Attempt(Guid id, Guid message, string status, string content, long sequence) =>
        new() { Id = id, MessageId = message, Number = 0, Status = status, Content = content, LastSequence = sequence };

    [Fact]
    public async Task ACheckpoint_UpdatesAnAnswerStillRunning_ButNeverOneStoredAsEnded()
    {
        var (_, running) = await AnswerAsync("Running");
        var (_, takenOver) = await AnswerAsync("Taken over");
        var (runningId, takenOverId) = (Guid.NewGuid(), Guid.NewGuid());
        await _store.SaveAttemptsAsync([Attempt(runningId, running, "streaming", "t1", 2), Attempt(takenOverId, takenOver, "streaming", "u1", 2)], []);
        // Another instance ended the second answer (its producer was paused past its lease).
        await _store.SaveAttemptAsync(Attempt(takenOverId, takenOver, "error", "u1 u2 u3", 5));

        // The paused producer runs again: its checkpoints land late.
        await _store.SaveAttemptsAsync([], [Attempt(runningId, running, "streaming", "t1 t2", 3), Attempt(takenOverId, takenOver, "streaming", "u1 u2", 3)]);

        Assert.Equal(("streaming", "t1 t2"), await StoredAsync(runningId));
        Assert.Equal(("error", "u1 u2 u3"), await StoredAsync(takenOverId));
    }

    [Fact]
    public async Task ACheckpointReadWhileTheAnswerRan_IsNotWrittenOverAnOutcomeStoredBeforeItsWrite()
    {
        var (_, message) = await AnswerAsync("Raced");
        var id = Guid.NewGuid();
        await _store.SaveAttemptsAsync([Attempt(id, message, "streaming", "t1", 2)], []);
        // The outcome lands between the checkpoint's read of the row and its write.
        var racing = new ConversationStore(new EndsBeforeFirstSave(Database, id), _time);

        await racing.SaveAttemptsAsync([], [Attempt(id, message, "streaming", "t1 t2", 3)]);

        Assert.Equal(("error", "ended elsewhere"), await StoredAsync(id));
    }

    private async Task<(string Status, string Content)> StoredAsync(Guid attemptId) =>
        (await _store.FindAttemptAsync(attemptId)) is { } row ? (row.Status, row.Content) : default;

    // Contexts whose first save is preceded by another connection ending the answer.
    private sealed class EndsBeforeFirstSave(IDbContextFactory<ChatDbContext> inner, Guid attemptId) : IDbContextFactory<ChatDbContext>
    {
        private int _saves;

        public ChatDbContext CreateDbContext()
        {
            var db = inner.CreateDbContext();
            db.SavingChanges += (_, _) =>
            {
                if (Interlocked.Increment(ref _saves) == 1)
                {
                    using var other = inner.CreateDbContext();
                    other.Attempts.Where(a => a.Id == attemptId)
                        .ExecuteUpdate(set => set.SetProperty(a => a.Status, "error").SetProperty(a => a.Content, "ended elsewhere"));
                }
            };
            return db;
        }
    }

    [Fact]
    public async Task MarkInterrupted_TurnsStreamingAnswersIntoInterruptedFailures_KeepingTheirText()
    {
        var id = await _store.CreateAsync("alice", "Crash");
        var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", id, answer);
        var streaming = new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Number = 0, Status = "streaming", Content = "half of it" };
        await _store.SaveAttemptAsync(streaming);

        Assert.Equal(1, await _store.MarkInterruptedAsync());

        var attempt = (await _store.LoadAsync("alice", id))!.Messages[0].Attempts[0];
        Assert.Equal(("error", FailureKind.Interrupted), (attempt.Status, attempt.FailureKind));
        Assert.Equal("half of it", attempt.Content);
        Assert.Contains("stopped before this answer finished", attempt.ErrorMessage);
    }

    [Fact]
    public async Task MarkInterrupted_LeavesAnswersAnotherInstanceStillProduces()
    {
        var id = await _store.CreateAsync("alice", "Shared");
        var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", id, answer);
        var elsewhere = new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Number = 0, Status = "streaming", Content = "still going" };
        var orphan = new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Number = 1, Status = "pending", Content = "" };
        await _store.SaveAttemptsAsync([elsewhere, orphan], []);

        Assert.Equal(1, await _store.MarkInterruptedAsync(new HashSet<Guid> { elsewhere.Id }));

        var attempts = (await _store.LoadAsync("alice", id))!.Messages[0].Attempts;
        Assert.Equal(["streaming", "error"], attempts.OrderBy(a => a.Number).Select(a => a.Status));
        Assert.Equal(answer.Id, (await _store.FindAttemptAsync(elsewhere.Id))!.MessageId);
    }

    [Fact]
    public async Task Search_FindsTitleOrAnyMessageText_OfThisOwnerOnly()
    {
        var byTitle = await _store.CreateAsync("alice", "Gardening tips");
        var byAnswer = await _store.CreateAsync("alice", "Other");
        var answer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 0 };
        await _store.AddMessageAsync("alice", byAnswer, answer);
        await _store.SaveAttemptAsync(new AttemptEntity { Id = Guid.NewGuid(), MessageId = answer.Id, Status = "complete", Content = "Water the GARDEN at dawn" });
        await _store.CreateAsync("bob", "garden of bob");

        var found = await _store.SearchAsync("alice", "garden");

        Assert.Equal(new[] { byAnswer, byTitle }.Order(), found.Select(c => c.Id).Order());
        Assert.Empty(await _store.SearchAsync("alice", "100%"));
    }

    [Fact]
    public async Task Rename_ChangesTheTitle_OnlyForTheOwner()
    {
        var id = await _store.CreateAsync("alice", "Old");

        Assert.False(await _store.RenameAsync("mallory", id, "Hacked"));
        Assert.True(await _store.RenameAsync("alice", id, "  New title  "));

        Assert.Equal("New title", (await _store.LoadAsync("alice", id))!.Title);
    }

    [Fact]
    public async Task Delete_HidesTheConversation_RestoreBringsItBack_NeitherWorksForAnotherOwner()
    {
        var id = await _store.CreateAsync("alice", "Doomed");

        Assert.False(await _store.DeleteAsync("mallory", id));
        Assert.True(await _store.DeleteAsync("alice", id));
        Assert.Empty(await _store.ListAsync("alice"));
        Assert.Null(await _store.LoadAsync("alice", id));

        Assert.False(await _store.RestoreAsync("mallory", id));
        Assert.True(await _store.RestoreAsync("alice", id));
        Assert.Single(await _store.ListAsync("alice"));
    }

    [Fact]
    public async Task Branches_AndAttempts_AreStoredAndTheShownBranchIsRestored_OnlyTheOwnerCanSwitch()
    {
        var id = await _store.CreateAsync("alice", "Branchy");
        var first = new MessageEntity { Id = Guid.NewGuid(), Role = "user", Content = "v1", Position = 0 };
        var firstAnswer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 1, ParentId = first.Id };
        var edited = new MessageEntity { Id = Guid.NewGuid(), Role = "user", Content = "v2", Position = 2 };
        var editedAnswer = new MessageEntity { Id = Guid.NewGuid(), Role = "assistant", Position = 3, ParentId = edited.Id };
        foreach (var message in new[] { first, firstAnswer, edited, editedAnswer })
        {
            await _store.AddMessageAsync("alice", id, message);
        }
        await _store.SaveAttemptAsync(new AttemptEntity { Id = Guid.NewGuid(), MessageId = editedAnswer.Id, Number = 0, Status = "error", Content = "try 1" });
        await _store.SaveAttemptAsync(new AttemptEntity { Id = Guid.NewGuid(), MessageId = editedAnswer.Id, Number = 1, Status = "complete", Content = "try 2" });
        await _store.SelectAttemptAsync("alice", editedAnswer.Id, 1);

        await _store.SelectBranchAsync("alice", id, null, first.Id);
        await _store.SelectBranchAsync("mallory", id, null, edited.Id);
        var loaded = await _store.LoadAsync("alice", id);
        Assert.Equal(["v1", null], ChatApp.Endpoints.ConversationExportEndpoint.ShownBranch(loaded!).Select(m => m.Content));

        await _store.SelectBranchAsync("alice", id, null, edited.Id);
        loaded = await _store.LoadAsync("alice", id);
        var shown = ChatApp.Endpoints.ConversationExportEndpoint.ShownBranch(loaded!).ToList();
        Assert.Equal([edited.Id, editedAnswer.Id], shown.Select(m => m.Id));
        Assert.Equal(1, shown[1].SelectedAttempt);
        Assert.Equal(["try 1", "try 2"], shown[1].Attempts.Select(a => a.Content));
    }

    public virtual Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>The store on a real SQLite file (the default).</summary>
public sealed class SqliteConversationStoreTests : ConversationStoreContract
{
    private readonly SqliteDatabase _file = new();

    protected override Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync() => Task.FromResult<IDbContextFactory<ChatDbContext>>(_file);

    [Fact]
    public void Startup_CreatesTheDatabaseFile() => Assert.True(File.Exists(_file.File));

    public override async Task DisposeAsync() => await _file.DisposeAsync();
}

/// <summary>The store on a real PostgreSQL server (Chat:Storage:Provider=postgres).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConversationStoreTests(PostgresServer server) : ConversationStoreContract
{
    protected override Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync() => server.CreateDatabaseAsync();
}
