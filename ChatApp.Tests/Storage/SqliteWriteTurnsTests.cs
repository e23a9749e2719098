using System.Data.Common;
using ChatApp.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatApp.Tests.Storage;

/// <summary>
/// Many pages writing to the SQLite file at once take turns: no write statement ever runs beside another (which
/// SQLite would answer "busy", and Microsoft.Data.Sqlite retry by putting a thread-pool thread to sleep); and the
/// file is in write-ahead-log mode (EF Core creates it so), where a page reading its history holds no writer up.
/// </summary>
public sealed class SqliteWriteTurnsTests : IAsyncLifetime
{
    private readonly SqliteDatabase _file = new();
    private readonly ConcurrentWrites _writes = new();
    private ConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        var watched = new WatchedContexts(new DbContextOptionsBuilder<ChatDbContext>()
            .UseSqlite($"Data Source={_file.File}").AddInterceptors(_writes).Options);
        _store = new ConversationStore(watched, TimeProvider.System);
        await new StorageStartup(watched, _store, NullLogger<StorageStartup>.Instance).StartAsync(CancellationToken.None);
    }

    // EF Core creates a new SQLite file in this mode, and the turns above rely on it (readers never wait for the writer):
    // a guard should the file ever be created another way.
    [Fact]
    public async Task TheDatabaseFile_IsInWriteAheadLogMode()
    {
        await using var db = _file.CreateDbContext();

        Assert.Equal("wal", await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync() is [var mode] ? mode : null);
    }

    [Fact]
    public async Task TwentyNewConversationsAtOnce_AreAllStored_AndNoTwoWritesEverRanSideBySide()
    {
        _writes.Reset();

        var conversations = await Task.WhenAll(Enumerable.Range(1, 20).Select(i => Task.Run(async () =>
        {
            // What a page's first send stores: the conversation, its prompt, its answer's row, the branch shown.
            var id = await _store.CreateAsync($"owner{i}", $"Chat {i}");
            var prompt = Guid.NewGuid();
            var answer = Guid.NewGuid();
            await _store.AddMessageAsync($"owner{i}", id, new MessageEntity { Id = prompt, Role = "user", Content = $"prompt {i}", Position = 0 });
            await _store.AddMessageAsync($"owner{i}", id, new MessageEntity
            {
                Id = answer, Role = "assistant", Position = 1, ParentId = prompt,
                Attempts = [AttemptMapping.Pending(Guid.NewGuid(), answer, "Model")],
            });
            await _store.SelectBranchAsync($"owner{i}", id, null, prompt);
            return (Owner: $"owner{i}", Id: id);
        })));

        foreach (var (owner, id) in conversations)
        {
            var stored = await _store.LoadAsync(owner, id);
            Assert.Equal(2, stored!.Messages.Count);
            Assert.NotNull(stored.SelectedRootId);
        }
        Assert.True(_writes.Seen >= 80, $"only {_writes.Seen} write statements were seen");
        Assert.Equal(1, _writes.MostAtOnce);
    }

    public async Task DisposeAsync() => await _file.DisposeAsync();

    private sealed class WatchedContexts(DbContextOptions<ChatDbContext> options) : IDbContextFactory<ChatDbContext>
    {
        public ChatDbContext CreateDbContext() => new(options);
    }

    // Counts the write statements running at one moment, each held open a little so that any overlap shows.
    private sealed class ConcurrentWrites : DbCommandInterceptor
    {
        private int _running;
        private int _mostAtOnce;
        private int _seen;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Seen => Volatile.Read(ref _seen);

        public void Reset() => (_mostAtOnce, _seen) = (0, 0);

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            await StartAsync(command);
            return result;
        }

        public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            await StartAsync(command);
            return result;
        }

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default)
        {
            End(command);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
            CancellationToken cancellationToken = default)
        {
            End(command);
            return ValueTask.FromResult(result);
        }

        public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
        {
            End(command);
            return Task.CompletedTask;
        }

        private async Task StartAsync(DbCommand command)
        {
            if (!IsWrite(command))
            {
                return;
            }
            Interlocked.Increment(ref _seen);
            var running = Interlocked.Increment(ref _running);
            for (var most = Volatile.Read(ref _mostAtOnce); running > most; most = Volatile.Read(ref _mostAtOnce))
            {
                Interlocked.CompareExchange(ref _mostAtOnce, running, most);
            }
            await Task.Delay(2);
        }

        private void End(DbCommand command)
        {
            if (IsWrite(command))
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static bool IsWrite(DbCommand command) =>
            command.CommandText.TrimStart().Split(' ', 2)[0].ToUpperInvariant() is "INSERT" or "UPDATE" or "DELETE";
    }
}
