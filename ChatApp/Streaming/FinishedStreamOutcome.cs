namespace ChatApp.Streaming;

/// <summary>The outcome of a stream that ended by itself: a provider that finished says why; a stream that just ends was cut off.</summary>
public static class FinishedStreamOutcome
{
    /// <param name="finishReason">The last finish reason the provider sent (null: none).</param>
    /// <param name="toolCallsHandedOn">The answer's own tool calls all ended complete without being run here (a gateway client runs them).</param>
    public static StreamOutcome Of(string? finishReason, bool toolCallsHandedOn, string providerName) => finishReason switch
    {
        null => StreamOutcome.Failed(FailureKind.ConnectionDropped,
            $"The connection to {providerName} closed before the answer finished. The text so far is kept."),
        // Calls handed on whole (a gateway client runs its own tools) end the answer; otherwise nobody runs
        // them (the tool loop would have run them and asked again), so none were offered.
        FinishReasons.ToolCalls when toolCallsHandedOn => StreamOutcome.Completed,
        FinishReasons.ToolCalls => StreamOutcome.Failed(FailureKind.ToolCallsNotRun,
            $"{providerName} ended the answer to call a tool, but no tools are offered here. The text so far is kept."),
        FinishReasons.Length => StreamOutcome.Failed(FailureKind.LengthLimit,
            $"The answer reached {providerName}'s length limit. Continue to get the rest."),
        FinishReasons.ContentFilter => StreamOutcome.Failed(FailureKind.ContentFiltered,
            $"{providerName}'s content filter stopped the answer. The text so far is kept."),
        _ => StreamOutcome.Completed,
    };
}
