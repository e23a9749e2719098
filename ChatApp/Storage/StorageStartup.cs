using Microsoft.EntityFrameworkCore;

namespace ChatApp.Storage;

/// <summary>
/// Before the app serves anything: creates or migrates the database (EF Core migrations), and marks the
/// answers a dead process left streaming as interrupted, so they show an error with Retry and Continue;
/// and drops images attached a day ago or more but never sent.
/// </summary>
/// <remarks>
/// Scaled out, the database is shared: answers other instances still produce (they hold a lease in Redis) are left
/// alone; those whose owner is gone without a lease are the sweeper's (the lease sweeper's).
/// </remarks>
public sealed class StorageStartup(IDbContextFactory<ChatDbContext> contexts, ConversationStore store, ILogger<StorageStartup> logger,
    IAnswerOwnership? shared = null) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        var runningElsewhere = shared is null ? null : await shared.RunningAsync();
        if (shared is not null && runningElsewhere is null)
        {
            // Marking them all could end other instances' live answers; the sweepers take over the orphans Redis knows of once it is back.
            logger.LogWarning("Unfinished answers are left as they are: which ones other instances still produce is unknown while Redis is unreachable");
        }
        else
        {
            var interrupted = await store.MarkInterruptedAsync(runningElsewhere, cancellationToken);
            if (interrupted > 0)
            {
                logger.LogWarning("{Count} answer(s) were still streaming when the last process stopped; marked interrupted", interrupted);
            }
        }
        await store.DeleteUnsentImagesAsync(TimeSpan.FromDays(1), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
