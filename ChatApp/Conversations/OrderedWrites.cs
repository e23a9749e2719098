namespace ChatApp.Conversations;

/// <summary>
/// A page's storage writes, in the order they were asked for and off the path that shows the message (the
/// prompt appears at once; storage never delays the page). A failed write is logged; the chat goes on.
/// </summary>
public sealed class OrderedWrites(ILogger logger)
{
    private readonly Lock _gate = new();
    private Task _writes = Task.CompletedTask;

    /// <summary>Queues a write after the ones before it (not awaited).</summary>
    public void Enqueue(Func<Task> write)
    {
        lock (_gate)
        {
            _writes = _writes.ContinueWith(async _ => await PersistAsync(write), TaskScheduler.Default).Unwrap();
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

    private async Task PersistAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not save to the conversation store; the chat goes on");
        }
    }
}
