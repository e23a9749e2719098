using System.Text.Json;
using ChatApp.Streaming;
using ChatApp.Streaming.Tools;
using Microsoft.Extensions.Options;

namespace ChatApp.Storage;

/// <summary>
/// Writes a streaming answer to the database at most about once per interval (not per token, not per
/// frame) and once more at its outcome, so a crash loses at most an interval of text. A failed write is
/// logged and retried at the next checkpoint; it never breaks the stream on screen.
/// </summary>
public sealed class AttemptCheckpointer(ConversationStore store, TimeProvider time, IOptions<Configuration.ChatOptions> options, ILogger<AttemptCheckpointer> logger)
{
    public TimeSpan Interval => TimeSpan.FromMilliseconds(options.Value.Storage.CheckpointIntervalMs);

    /// <summary>Keeps the attempt row in step with the generation until it ends; completes after the final write.</summary>
    public async Task TrackAsync(Generation generation, Guid attemptId, Guid messageId, int number)
    {
        var savedVersion = -1;
        while (!generation.Completion.IsCompleted)
        {
            savedVersion = await SaveIfChangedAsync(generation, attemptId, messageId, number, savedVersion);
            await Task.WhenAny(generation.Completion, Task.Delay(Interval, time));
        }
        // The outcome must land: a failed final write is retried a couple of times.
        for (var tries = 0; tries < 3; tries++)
        {
            var final = generation.Snapshot().Version;
            savedVersion = await SaveIfChangedAsync(generation, attemptId, messageId, number, savedVersion);
            if (savedVersion == final)
            {
                return;
            }
            await Task.Delay(Interval, time);
        }
    }

    private async Task<int> SaveIfChangedAsync(Generation generation, Guid attemptId, Guid messageId, int number, int savedVersion)
    {
        var snapshot = generation.Snapshot();
        if (snapshot.Version == savedVersion)
        {
            return savedVersion;
        }
        try
        {
            await store.SaveAttemptAsync(ToEntity(generation, snapshot, attemptId, messageId, number));
            return snapshot.Version;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not save answer {AttemptId}; retrying at the next checkpoint", attemptId);
            return savedVersion;
        }
    }

    public static AttemptEntity ToEntity(Generation generation, GenerationSnapshot snapshot, Guid attemptId, Guid messageId, int number) => new()
    {
        Id = attemptId,
        MessageId = messageId,
        Number = number,
        Content = generation.Text,
        Status = snapshot.Status.ToContractValue(),
        ErrorMessage = snapshot.Outcome?.ErrorMessage ?? (snapshot.Outcome?.StopReason is { } reason ? $"stopped:{reason}" : null),
        Provider = snapshot.ProviderName,
        TimeToFirstTokenMs = generation.FirstTokenAt is { } first ? (first - generation.StartedAt).TotalMilliseconds : null,
        DurationMs = generation.EndedAt is { } ended ? (ended - generation.StartedAt).TotalMilliseconds : null,
        Deltas = snapshot.DeltaCount,
        ToolCalls = snapshot.ToolCalls.Count == 0 ? null : JsonSerializer.Serialize(snapshot.ToolCalls),
    };

    /// <summary>The tool calls stored with an attempt.</summary>
    public static IReadOnlyList<ToolCallView> ToolCallsOf(AttemptEntity attempt) =>
        attempt.ToolCalls is null ? [] : JsonSerializer.Deserialize<ToolCallView[]>(attempt.ToolCalls) ?? [];
}
