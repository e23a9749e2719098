using Microsoft.EntityFrameworkCore;

namespace ChatApp.Storage;

/// <summary>
/// Reads and writes conversations. Every method takes the owner's id and never touches another owner's
/// rows, so no browser can read or change another's conversations by id.
/// </summary>
public sealed class ConversationStore(IDbContextFactory<ChatDbContext> contexts, TimeProvider time)
{
    private readonly WriteTurns _writes = new();

    /// <summary>
    /// The context every write method opens: it holds this process's write turn (<see cref="WriteTurns"/>) until it is
    /// disposed, so no write can forget to take one. Reads open theirs from the factory and never wait.
    /// </summary>
    private async Task<WriteContext> OpenForWritingAsync(CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            return new WriteContext(db, await _writes.TakeAsync(db, cancellationToken));
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private readonly struct WriteContext(ChatDbContext db, WriteTurns.Turn turn) : IAsyncDisposable
    {
        public ChatDbContext Db => db;

        public async ValueTask DisposeAsync()
        {
            await db.DisposeAsync();
            turn.Dispose();
        }
    }

    public async Task<IReadOnlyList<ConversationSummary>> ListAsync(string owner, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Conversations.Where(c => c.OwnerId == owner)
            .Select(c => new { c.Id, c.Title, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.UpdatedAt).Select(c => new ConversationSummary(c.Id, c.Title, c.UpdatedAt)).ToList();
    }

    /// <summary>Conversations whose title or text contains <paramref name="text"/> (case-insensitive), newest first.</summary>
    public async Task<IReadOnlyList<ConversationSummary>> SearchAsync(string owner, string text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return await ListAsync(owner, cancellationToken);
        }
        // Lower-cased on both sides: case-insensitive on SQLite and PostgreSQL alike.
        var pattern = $"%{text.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_")}%";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Conversations.Where(c => c.OwnerId == owner && (
                EF.Functions.Like(c.Title.ToLower(), pattern, "\\")
                || c.Messages.Any(m => EF.Functions.Like(m.Content!.ToLower(), pattern, "\\")
                    || m.Attempts.Any(a => EF.Functions.Like(a.Content.ToLower(), pattern, "\\")))))
            .Select(c => new { c.Id, c.Title, c.UpdatedAt })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(c => c.UpdatedAt).Select(c => new ConversationSummary(c.Id, c.Title, c.UpdatedAt)).ToList();
    }

    public async Task<bool> RenameAsync(string owner, Guid conversationId, string title, CancellationToken cancellationToken = default)
    {
        var trimmed = title.Trim();
        if (trimmed.Length == 0)
        {
            return false;
        }
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        return await db.Conversations.Where(c => c.Id == conversationId && c.OwnerId == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Title, trimmed.Length > 200 ? trimmed[..200] : trimmed), cancellationToken) == 1;
    }

    /// <summary>Hides a conversation; <see cref="RestoreAsync"/> brings it back (undo).</summary>
    public async Task<bool> DeleteAsync(string owner, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var now = time.GetUtcNow();
        return await db.Conversations.Where(c => c.Id == conversationId && c.OwnerId == owner)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.DeletedAt, now), cancellationToken) == 1;
    }

    public async Task<bool> RestoreAsync(string owner, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        return await db.Conversations.IgnoreQueryFilters().Where(c => c.Id == conversationId && c.OwnerId == owner && c.DeletedAt != null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.DeletedAt, (DateTimeOffset?)null), cancellationToken) == 1;
    }

    /// <summary>The conversation with its messages and attempts in order, or null when it is not this owner's.</summary>
    public async Task<ConversationEntity?> LoadAsync(string owner, Guid conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var conversation = await db.Conversations.AsNoTracking()
            .Include(c => c.Messages).ThenInclude(m => m.Attempts)
            .Include(c => c.Messages).ThenInclude(m => m.Images)
            .AsSplitQuery() // attempts × images would multiply rows (and image bytes) in one join
            .SingleOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == owner, cancellationToken);
        if (conversation is null)
        {
            return null;
        }
        conversation.Messages = conversation.Messages.OrderBy(m => m.Position).ToList();
        foreach (var message in conversation.Messages)
        {
            message.Attempts = message.Attempts.OrderBy(a => a.Number).ToList();
            message.Images = message.Images.OrderBy(i => i.Position).ToList();
        }
        return conversation;
    }

    /// <summary>Stores an image attached in the composer (not yet part of any message).</summary>
    public async Task SaveImageAsync(string owner, Guid id, string contentType, string fileName, byte[] bytes, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        db.Images.Add(new ImageEntity
        {
            Id = id, OwnerId = owner, ContentType = contentType, FileName = fileName, Bytes = bytes, CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>An image of this owner, or null (anyone else's id finds nothing).</summary>
    public async Task<ImageEntity?> GetImageAsync(string owner, Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id && i.OwnerId == owner, cancellationToken);
    }

    /// <summary>Deletes images attached in a composer but never sent, older than <paramref name="age"/>.</summary>
    public async Task<int> DeleteUnsentImagesAsync(TimeSpan age, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var before = time.GetUtcNow() - age;
        // The age is compared here, not in SQL: SQLite's EF provider cannot translate DateTimeOffset comparisons.
        var stale = await db.Images.Where(i => i.MessageId == null).Select(i => new { i.Id, i.CreatedAt }).ToListAsync(cancellationToken);
        var ids = stale.Where(i => i.CreatedAt < before).Select(i => i.Id).ToList();
        return ids.Count == 0 ? 0 : await db.Images.Where(i => ids.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Links this owner's attached images to the prompt they were sent with, in order.</summary>
    public async Task AttachImagesAsync(string owner, Guid messageId, IReadOnlyList<Guid> imageIds, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var order = imageIds.ToList();
        var images = await db.Images.Where(i => order.Contains(i.Id) && i.OwnerId == owner).ToListAsync(cancellationToken);
        foreach (var image in images)
        {
            image.MessageId = messageId;
            image.Position = order.IndexOf(image.Id);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<Guid> CreateAsync(string owner, string title, CancellationToken cancellationToken = default, Guid? id = null)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var now = time.GetUtcNow();
        var conversation = new ConversationEntity { Id = id ?? Guid.NewGuid(), OwnerId = owner, Title = title, CreatedAt = now, UpdatedAt = now };
        db.Conversations.Add(conversation);
        await db.SaveChangesAsync(cancellationToken);
        return conversation.Id;
    }

    /// <summary>Appends a message (and its first attempt, for an answer) to a conversation of this owner.</summary>
    public async Task AddMessageAsync(string owner, Guid conversationId, MessageEntity message, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var conversation = await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId && c.OwnerId == owner, cancellationToken)
            ?? throw new InvalidOperationException("No such conversation for this owner.");
        var now = time.GetUtcNow();
        message.ConversationId = conversationId;
        foreach (var attempt in message.Attempts)
        {
            attempt.UpdatedAt = now;
        }
        db.Messages.Add(message);
        conversation.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Inserts or updates an attempt (its first row, or its outcome).</summary>
    public Task SaveAttemptAsync(AttemptEntity attempt, CancellationToken cancellationToken = default) => SaveAttemptsAsync([attempt], [], cancellationToken);

    /// <summary>
    /// Inserts or updates many attempts in one transaction (the checkpoints of every running answer at once).
    /// <paramref name="checkpoints"/>, running answers' periodic snapshots, never overwrite an answer stored as ended:
    /// an instance paused past its lease, whose answer another instance ended meanwhile, would otherwise put back an
    /// older text (or "streaming") when it runs again. The status is the row's concurrency token, so a row that ends
    /// between this read and this write is not overwritten either: the batch is read and decided again.
    /// </summary>
    public async Task SaveAttemptsAsync(IReadOnlyList<AttemptEntity> attempts, IReadOnlyList<AttemptEntity> checkpoints, CancellationToken cancellationToken = default)
    {
        if (attempts.Count + checkpoints.Count == 0)
        {
            return;
        }
        for (var tries = 1; ; tries++)
        {
            try
            {
                await SaveAttemptsOnceAsync(attempts, checkpoints, cancellationToken);
                return;
            }
            catch (DbUpdateConcurrencyException) when (tries < 3)
            {
                // A row's status changed after it was read here (another instance ended the answer): read it again.
            }
        }
    }

    private async Task SaveAttemptsOnceAsync(IReadOnlyList<AttemptEntity> attempts, IReadOnlyList<AttemptEntity> checkpoints, CancellationToken cancellationToken)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var now = time.GetUtcNow();
        // Each id list goes as one array parameter (EF.Parameter), so the SQL is the same whatever the batch's size. By
        // default EF 10 sends a parameter per id: new SQL generated whenever the number of running answers changed
        // (every batch under load, thousands of parameters), and the join-and-distinct form below it had its SQL
        // generated anew on every batch even at a constant size (a thread-time trace with 10 answers streaming: 2.7 %
        // of the server's CPU).
        var ids = attempts.Concat(checkpoints).Select(a => a.Id).ToList();
        var existing = await db.Attempts.Where(a => EF.Parameter(ids).Contains(a.Id)).ToDictionaryAsync(a => a.Id, cancellationToken);
        var written = attempts.Concat(checkpoints.Where(c => !existing.TryGetValue(c.Id, out var row) || AttemptMapping.IsRunning(row))).ToList();
        foreach (var attempt in written)
        {
            attempt.UpdatedAt = now;
            if (existing.TryGetValue(attempt.Id, out var row))
            {
                db.Entry(row).CurrentValues.SetValues(attempt);
            }
            else
            {
                db.Attempts.Add(attempt);
            }
        }
        var messageIds = written.Select(a => a.MessageId).Distinct().ToList();
        var conversations = await db.Conversations
            .Where(c => db.Messages.Any(m => m.ConversationId == c.Id && EF.Parameter(messageIds).Contains(m.Id)))
            .ToListAsync(cancellationToken);
        foreach (var conversation in conversations)
        {
            conversation.UpdatedAt = now;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Shows <paramref name="childId"/> after <paramref name="parentId"/> (null: as the first message).</summary>
    public async Task SelectBranchAsync(string owner, Guid conversationId, Guid? parentId, Guid childId, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        if (parentId is { } parent)
        {
            await db.Messages.Where(m => m.Id == parent && m.ConversationId == conversationId
                    && db.Conversations.Any(c => c.Id == conversationId && c.OwnerId == owner))
                .ExecuteUpdateAsync(set => set.SetProperty(m => m.SelectedChildId, childId), cancellationToken);
        }
        else
        {
            await db.Conversations.Where(c => c.Id == conversationId && c.OwnerId == owner)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.SelectedRootId, childId), cancellationToken);
        }
    }

    public async Task SelectAttemptAsync(string owner, Guid messageId, int selected, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var message = await db.Messages.Where(m => m.Id == messageId)
            .Where(m => db.Conversations.Any(c => c.Id == m.ConversationId && c.OwnerId == owner))
            .SingleOrDefaultAsync(cancellationToken);
        if (message is not null)
        {
            message.SelectedAttempt = selected;
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>An answer's stored row, whoever owns its conversation (for the instance that takes over an orphaned answer).</summary>
    public async Task<AttemptEntity?> FindAttemptAsync(Guid attemptId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Attempts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == attemptId, cancellationToken);
    }

    /// <summary>
    /// At startup: answers a dead process left pending or streaming become interrupted (their text is kept) — except
    /// <paramref name="runningElsewhere"/>, which other instances sharing the database still produce.
    /// </summary>
    public async Task<int> MarkInterruptedAsync(IReadOnlySet<Guid>? runningElsewhere = null, CancellationToken cancellationToken = default)
    {
        await using var write = await OpenForWritingAsync(cancellationToken);
        var db = write.Db;
        var running = runningElsewhere?.ToList() ?? [];
        return await db.Attempts.Where(a => (a.Status == "pending" || a.Status == "streaming") && !running.Contains(a.Id))
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.Status, "error")
                .SetProperty(a => a.FailureKind, Streaming.FailureKind.Interrupted)
                .SetProperty(a => a.ErrorMessage, AttemptMapping.InterruptedMessage), cancellationToken);
    }
}
