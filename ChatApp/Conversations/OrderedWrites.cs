namespace ChatApp.Conversations;

/// <summary>
/// A page's storage writes, in the order they were asked for and off the path that shows the message (the
/// prompt appears at once; storage never delays the page). A failed write is logged; the chat goes on. A write
/// still running after <see cref="SlowAfter"/> is logged too: the page's later writes (and a new conversation's
/// address) wait for it, and an operator should see why.
/// </summary>
public sealed class OrderedWrites(ILogger logger, TimeProvider time)
{
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;

    /// <summary>Queues a write after the ones before it (not awaited); <paramref name="what"/> names it in the log.</summary>
    public void Enqueue(string what, Func<Task> write)
    {
        lock (_gate)
        {
            _writes = _writes.ContinueWith(async _ => await PersistAsync(what, write), TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Completes when every write queued so far has been attempted.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            return _writes;
        }
    }

    private async Task PersistAsync(string what, Func<Task> write)
    {
        try
        {
            var writing = write();
            try
            {
                await writing.WaitAsync(SlowAfter, time);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("Saving {What} to the conversation store has run for over {Seconds} s; this page's later saves wait for it", what, SlowAfter.TotalSeconds);
                await writing;
            }
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not save {What} to the conversation store; the chat goes on", what);
        }
    }
}
