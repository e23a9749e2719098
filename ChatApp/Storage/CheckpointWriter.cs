namespace ChatApp.Storage;

/// <summary>
/// Group commit for checkpoints: one writer, one transaction per interval for every running answer whose text moved
/// since its last write (500 running answers: one transaction a second, not 500 that queue on the database's
/// lock). First and final writes of an answer go out at once (the row exists from the start; the outcome lands
/// promptly), batched with whatever else is waiting. A failed batch is retried whole at the next interval with
/// each answer's latest state, so nothing written is lost and no stream ever waits on the database.
/// </summary>
public sealed class CheckpointWriter(ConversationStore store, TimeProvider time, TimeSpan interval, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Func<(AttemptEntity Entity, long Sequence)?>> _running = [];
    private readonly Dictionary<Guid, long> _saved = [];
    private readonly Dictionary<Guid, (AttemptEntity Entity, TaskCompletionSource Written)> _urgent = [];
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    /// <summary>Transactions written so far (for tests and the load figures).</summary>
    public int Batches { get; private set; }

    /// <summary>
    /// An answer is running: each interval its <paramref name="snapshot"/> (null while unchanged or not ready) is
    /// asked for its current row and last sequence, and written when the sequence moved. Dispose when it ended.
    /// </summary>
    public IDisposable Register(Guid attemptId, Func<(AttemptEntity Entity, long Sequence)?> snapshot)
    {
        lock (_gate)
        {
            _running[attemptId] = snapshot;
            _loop ??= Task.Run(RunAsync);
        }
        return new Registration(this, attemptId);
    }

    /// <summary>Writes <paramref name="entity"/> as soon as possible (with any batch due); completes once it is stored.</summary>
    public Task WriteNowAsync(AttemptEntity entity)
    {
        lock (_gate)
        {
            var written = _urgent.TryGetValue(entity.Id, out var earlier) ? earlier.Written : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _urgent[entity.Id] = (entity, written);
            _loop ??= Task.Run(RunAsync);
            _wake.TrySetResult();
            return written.Task;
        }
    }

    private async Task RunAsync()
    {
        while (true)
        {
            Task wake;
            lock (_gate)
            {
                wake = _wake.Task;
            }
            if (!wake.IsCompleted)
            {
                await Task.WhenAny(wake, Task.Delay(interval, time)).ConfigureAwait(false);
            }
            try
            {
                await WriteDueAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // The one writer of every answer must outlive anything unforeseen in one round.
                logger.LogError(ex, "A round of checkpoint writes failed unexpectedly; the writer goes on");
            }
        }
    }

    private async Task WriteDueAsync()
    {
        List<(AttemptEntity Entity, long Sequence)> due = [];
        Dictionary<Guid, (AttemptEntity Entity, TaskCompletionSource Written)> urgent;
        lock (_gate)
        {
            if (_wake.Task.IsCompleted)
            {
                _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            urgent = new(_urgent);
            _urgent.Clear();
            foreach (var (id, snapshot) in _running)
            {
                if (!urgent.ContainsKey(id) && SnapshotOf(id, snapshot) is { } current && current.Sequence != _saved.GetValueOrDefault(id, -1))
                {
                    due.Add(current);
                }
            }
        }
        if (due.Count == 0 && urgent.Count == 0)
        {
            return;
        }
        try
        {
            await store.SaveAttemptsAsync([.. urgent.Values.Select(u => u.Entity)], [.. due.Select(d => d.Entity)]).ConfigureAwait(false);
            lock (_gate)
            {
                Batches++;
                foreach (var (entity, sequence) in due)
                {
                    if (_running.ContainsKey(entity.Id))
                    {
                        _saved[entity.Id] = sequence;
                    }
                }
            }
            foreach (var (_, written) in urgent.Values)
            {
                written.TrySetResult();
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not save {Count} answer checkpoint(s); retrying at the next interval", due.Count + urgent.Count);
            lock (_gate)
            {
                // Running answers are asked again next time (their latest state); urgent rows wait unless a newer one came.
                foreach (var (id, pending) in urgent)
                {
                    if (!_urgent.TryGetValue(id, out var newer))
                    {
                        _urgent[id] = pending;
                    }
                    else
                    {
                        // The newer row, once stored, stands for this one too.
                        _ = newer.Written.Task.ContinueWith(_ => pending.Written.TrySetResult(), TaskScheduler.Default);
                    }
                }
            }
        }
    }

    // One answer whose snapshot fails is left out of this batch; every other answer's checkpoint still goes.
    private (AttemptEntity Entity, long Sequence)? SnapshotOf(Guid attemptId, Func<(AttemptEntity Entity, long Sequence)?> snapshot)
    {
        try
        {
            return snapshot();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "The checkpoint of answer {AttemptId} could not be taken; the other answers' are written", attemptId);
            return null;
        }
    }

    private void Unregister(Guid attemptId)
    {
        lock (_gate)
        {
            _running.Remove(attemptId);
            _saved.Remove(attemptId);
        }
    }

    private sealed class Registration(CheckpointWriter writer, Guid attemptId) : IDisposable
    {
        public void Dispose() => writer.Unregister(attemptId);
    }
}
