using ChatApp.Storage;
using ChatApp.Streaming;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatApp.Tests.Storage;

/// <summary>Rows written before the typed status columns keep their meaning after the migration.</summary>
public sealed class TypedAttemptStatusMigrationTests : IAsyncLifetime
{
    private readonly SqliteDatabase _file = new();

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OldStatusStrings_BecomeTypedColumns()
    {
        await using (var db = _file.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("20261126192935_PromptImages");
            // Ids as EF stores them in SQLite: upper-case text.
            var conversation = Guid.NewGuid().ToString().ToUpperInvariant();
            var message = Guid.NewGuid().ToString().ToUpperInvariant();
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "Conversations" ("Id", "OwnerId", "Title", "CreatedAt", "UpdatedAt") VALUES ({conversation}, 'alice', 't', 0, 0)""");
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "Messages" ("Id", "ConversationId", "Role", "Position", "SelectedAttempt", "ProviderIndex", "IsStructured") VALUES ({message}, {conversation}, 'assistant', 0, 0, 0, 0)""");
            foreach (var (number, status, error) in new[] { (0, "stopped", "stopped:Disconnected"), (1, "interrupted", "The server stopped."), (2, "error", "Busy.") })
            {
                await db.Database.ExecuteSqlAsync($"""INSERT INTO "Attempts" ("Id", "MessageId", "Number", "Content", "Status", "ErrorMessage", "Deltas", "UpdatedAt") VALUES ({Guid.NewGuid().ToString().ToUpperInvariant()}, {message}, {number}, 'partial', {status}, {error}, 0, 0)""");
            }
            await db.Database.MigrateAsync();
        }

        await using var migrated = _file.CreateDbContext();
        var rows = await migrated.Attempts.AsNoTracking().OrderBy(a => a.Number).ToListAsync();
        Assert.Equal(StreamOutcome.Stopped(StopReason.Disconnected), AttemptMapping.OutcomeOf(rows[0]));
        Assert.Equal(("error", FailureKind.Interrupted, "The server stopped."), (rows[1].Status, rows[1].FailureKind, rows[1].ErrorMessage));
        Assert.Equal((FailureKind.Unknown, "Busy."), (AttemptMapping.OutcomeOf(rows[2])!.Failure, rows[2].ErrorMessage));
    }

    public async Task DisposeAsync() => await _file.DisposeAsync();
}
