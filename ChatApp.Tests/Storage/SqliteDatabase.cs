using ChatApp.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ChatApp.Tests.Storage;

/// <summary>A real SQLite file in a temp folder, migrated like the app does at startup; deleted afterwards.</summary>
public sealed class SqliteDatabase : IDbContextFactory<ChatDbContext>, IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatapp-tests", Guid.NewGuid().ToString("N"));

    public SqliteDatabase()
    {
        Directory.CreateDirectory(_folder);
        Options = new DbContextOptionsBuilder<ChatDbContext>().UseSqlite($"Data Source={Path.Combine(_folder, "chat.db")}").Options;
    }

    public DbContextOptions<ChatDbContext> Options { get; }

    public string File => Path.Combine(_folder, "chat.db");

    public ChatDbContext CreateDbContext() => new(Options);

    /// <summary>Makes every update of a stored answer fail (a full disk), or stop failing.</summary>
    public async Task RefuseAttemptUpdatesAsync(bool refuse)
    {
        await using var db = CreateDbContext();
        await db.Database.ExecuteSqlRawAsync(refuse
            ? "CREATE TRIGGER fail_updates BEFORE UPDATE ON Attempts BEGIN SELECT RAISE(ABORT, 'disk full'); END;"
            : "DROP TRIGGER fail_updates;");
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder left behind is harmless.
        }
    }
}
