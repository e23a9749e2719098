using System.Text.Json;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;

namespace ChatApp.Storage;

/// <summary>
/// Between an answer as a reader knows it (<see cref="AnswerView"/>) and its stored row: the outcome as typed
/// columns (status, stop reason, failure kind, message, HTTP status) and back, with the log sequence the row contains.
/// </summary>
public static class AttemptMapping
{
    public const string InterruptedMessage = "The server stopped before this answer finished. The text so far is kept.";

    public static AttemptEntity ToEntity(AnswerView view, Guid attemptId, Guid messageId, int number) => new()
    {
        Id = attemptId,
        MessageId = messageId,
        Number = number,
        Content = view.Text,
        Status = view.Status.ToContractValue(),
        StopReason = view.Outcome?.StopReason,
        FailureKind = view.Outcome?.Failure,
        ErrorMessage = view.Outcome?.ErrorMessage,
        StatusCode = view.Outcome?.StatusCode,
        Provider = view.ProviderName,
        TimeToFirstTokenMs = view is { FirstTokenAt: { } first, StartedAt: { } started } ? (first - started).TotalMilliseconds : null,
        DurationMs = view is { EndedAt: { } ended, StartedAt: { } began } ? (ended - began).TotalMilliseconds : null,
        Deltas = view.OutputTokens > 0 ? view.OutputTokens : view.Deltas,
        ToolCalls = view.ToolCalls.Count == 0 ? null : JsonSerializer.Serialize(view.ToolCalls),
        LastSequence = view.Sequence,
    };

    /// <summary>
    /// The row of an answer that has just started, stored in one transaction with its message: no reader (another
    /// tab, another instance) ever finds the message without its answer. Its checkpoints update it from then on.
    /// </summary>
    public static AttemptEntity Pending(Guid attemptId, Guid messageId, string? provider) => new()
    {
        Id = attemptId,
        MessageId = messageId,
        Status = GenerationStatus.Pending.ToContractValue(),
        Provider = provider,
    };

    /// <summary>Whether a stored row is of an answer still pending or streaming (it records no outcome yet).</summary>
    public static bool IsRunning(AttemptEntity attempt) => attempt.Status is "pending" or "streaming";

    /// <summary>The outcome a stored row records; an answer still pending or streaming in the row has none yet (null).</summary>
    public static StreamOutcome? OutcomeOf(AttemptEntity attempt) => attempt.Status switch
    {
        "complete" => StreamOutcome.Completed,
        "stopped" => StreamOutcome.Stopped(attempt.StopReason ?? StopReason.User),
        "error" => StreamOutcome.Failed(attempt.FailureKind ?? FailureKind.Unknown, attempt.ErrorMessage ?? "This answer did not finish.", attempt.StatusCode),
        _ => null,
    };

    /// <summary>The outcome of a row whose answer runs nowhere any more: what it recorded, else interrupted.</summary>
    public static StreamOutcome FinalOutcomeOf(AttemptEntity attempt) =>
        OutcomeOf(attempt) ?? StreamOutcome.Failed(FailureKind.Interrupted, InterruptedMessage);

    /// <summary>The tool calls stored with an attempt.</summary>
    public static IReadOnlyList<ToolCallView> ToolCallsOf(AttemptEntity attempt) =>
        attempt.ToolCalls is null ? [] : JsonSerializer.Deserialize<ToolCallView[]>(attempt.ToolCalls) ?? [];
}
