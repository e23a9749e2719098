using Microsoft.EntityFrameworkCore;

namespace ChatApp.Storage;

/// <summary>
/// Turns for this process's writes to a SQLite file. SQLite lets one connection write at a time; another writer is
/// told the database is busy, and Microsoft.Data.Sqlite retries by putting its thread-pool thread to sleep for 150 ms
/// at a time (a thread-time trace of 10 pages sending at once: 8.8 s of sleeping threads in 25 s, and the prompts
/// shown half a second late). Here a writer waits for its turn without holding a thread. PostgreSQL lets writers run
/// side by side: no turns there.
/// </summary>
public sealed class WriteTurns
{
    private readonly SemaphoreSlim _turn = new(1, 1);
    private bool? _sqlite;

    /// <summary>Waits until no other write of this process is running on <paramref name="db"/>'s SQLite file; dispose to end the turn.</summary>
    public async ValueTask<Turn> TakeAsync(DbContext db, CancellationToken cancellationToken)
    {
        // Every context of one store is on the same database: asked once (the check allocates).
        if (!(_sqlite ??= db.Database.IsSqlite()))
        {
            return default;
        }
        await _turn.WaitAsync(cancellationToken);
        return new Turn(_turn);
    }

    public readonly struct Turn(SemaphoreSlim? held) : IDisposable
    {
        public void Dispose() => held?.Release();
    }
}
