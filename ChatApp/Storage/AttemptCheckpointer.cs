using ChatApp.Streaming.Log;
using Microsoft.Extensions.Options;

namespace ChatApp.Storage;

/// <summary>
/// A reader of an answer's log that keeps its stored row in step: the row is written at once when the answer starts,
/// then with the group commit of <see cref="CheckpointWriter"/> (one transaction per interval for all running
/// answers, not one per token, frame or answer), and once more at its outcome, so a crash loses at most an interval
/// of text. Each row stores the last sequence it contains. A failed write is logged and retried; it never breaks
/// the stream on screen.
/// </summary>
public sealed class AttemptCheckpointer
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Task, bool> _tracking = new();
    private readonly TimeProvider _time;
    private readonly ILogger<AttemptCheckpointer> _logger;
    private readonly IAnswerOwnership? _shared;

    /// <param name="shared">Scaled out: an instance that lost an answer's lease to another writes that answer no more.</param>
    public AttemptCheckpointer(ConversationStore store, TimeProvider time, IOptions<Configuration.ChatOptions> options, ILogger<AttemptCheckpointer> logger,
        IAnswerOwnership? shared = null)
    {
        _time = time;
        _logger = logger;
        _shared = shared;
        Interval = TimeSpan.FromMilliseconds(options.Value.Storage.CheckpointIntervalMs);
        Writer = new CheckpointWriter(store, time, Interval, logger);
    }

    public TimeSpan Interval { get; }

    /// <summary>The one writer all answers' checkpoints go through.</summary>
    public CheckpointWriter Writer { get; }

    /// <summary>Completes when every answer tracked now has had its final write (shutdown waits for it).</summary>
    public Task PendingAsync() => Task.WhenAll(_tracking.Keys);

    /// <summary>
    /// Keeps the attempt row in step with the log until the answer ends (<see cref="AttemptTracking.Ended"/>, after
    /// the final write). <see cref="AttemptTracking.FirstRowStored"/> completes once the row exists, so storage
    /// work queued after it (the branch that shows the answer, the conversation's address) never points a reader
    /// elsewhere at an answer without a row.
    /// </summary>
    public AttemptTracking Track(IAnswerLog log, Guid messageId, int number)
    {
        var firstRow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tracking = TrackCoreAsync(log, messageId, number, firstRow);
        _tracking[tracking] = true;
        _ = tracking.ContinueWith(done =>
        {
            firstRow.TrySetResult(); // a tracking that failed before its first write holds nobody up
            _tracking.TryRemove(done, out _);
        }, TaskScheduler.Default);
        return new AttemptTracking(FirstRowAsync(firstRow.Task, log.AnswerId), tracking);
    }

    // The writer retries a failed first write; whoever waits for it does so for ten intervals at most.
    private async Task FirstRowAsync(Task stored, Guid answerId)
    {
        try
        {
            await stored.WaitAsync(Interval * 10, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The first row of answer {AttemptId} is not stored yet; the writer keeps retrying", answerId);
        }
    }

    private bool MayWrite(Guid answerId) => _shared?.MayWrite(answerId) ?? true;

    private async Task TrackCoreAsync(IAnswerLog log, Guid messageId, int number, TaskCompletionSource firstRow)
    {
        var view = new AnswerView();
        var gate = new Lock();
        view.Apply(await log.ReadAfterAsync(0).ConfigureAwait(false));
        // The row exists from the start.
        _ = Writer.WriteNowAsync(AttemptMapping.ToEntity(view, log.AnswerId, messageId, number)).ContinueWith(_ => firstRow.TrySetResult(), TaskScheduler.Default);
        using (Writer.Register(log.AnswerId, () =>
               {
                   lock (gate)
                   {
                       return view.HasEnded || !MayWrite(log.AnswerId) ? null : (AttemptMapping.ToEntity(view, log.AnswerId, messageId, number), view.Sequence);
                   }
               }))
        {
            // Follows every frame (to notice the outcome at once) as any reader does: resumed on the producer's
            // thread with the batch, no signal or thread-pool hop per frame; the writer decides when to write.
            await foreach (var batch in AnswerLogReader.FollowAsync(log, view.Sequence).ConfigureAwait(false))
            {
                lock (gate)
                {
                    view.Apply(batch);
                }
            }
        }
        if (!MayWrite(log.AnswerId))
        {
            _logger.LogWarning("Answer {AttemptId} was taken over by another instance; its outcome here is not stored", log.AnswerId);
            return;
        }
        // The outcome must land: the writer retries a failed write; shutdown does not wait for it forever.
        try
        {
            await Writer.WriteNowAsync(AttemptMapping.ToEntity(view, log.AnswerId, messageId, number)).WaitAsync(Interval * 10, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("The outcome of answer {AttemptId} is not stored yet; the writer keeps retrying", log.AnswerId);
        }
    }
}
