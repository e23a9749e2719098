namespace ChatApp.Streaming;

/// <summary>
/// What the provider pipeline (router → tool loop → failover → provider) yields for one answer: the one
/// app-owned update type. Progress that used to travel sideways (failover, routing, tool calls and their
/// results) travels inside the stream, in order with the text, the way Microsoft.Extensions.AI's
/// <c>FunctionInvokingChatClient</c> yields function results as updates. No Semantic Kernel type crosses it.
/// </summary>
public abstract record AnswerUpdate;

/// <summary>Text the model wrote (one provider delta).</summary>
public sealed record TextDelta(string Text) : AnswerUpdate;

/// <summary>A streamed fragment of tool call <paramref name="Index"/> of round <paramref name="Round"/>: its id, name and/or more argument text.</summary>
public sealed record ToolCallDelta(int Round, int Index, string? CallId, string? Name, string? ArgumentsFragment) : AnswerUpdate;

/// <summary>A tool call ended: its result preview, or the error, as its card shows it.</summary>
public sealed record ToolCallResult(int Round, int Index, bool Succeeded, string ResultOrError) : AnswerUpdate;

/// <summary>Who answers now and what the status line says; a null line clears it. <paramref name="Kind"/> says why (traces and metrics count failovers).</summary>
public sealed record StatusUpdate(string ProviderName, string? StatusLine, StatusKind Kind = StatusKind.Progress) : AnswerUpdate;

/// <summary>What a status update reports.</summary>
public enum StatusKind
{
    Progress,
    /// <summary>The classifier is labelling the request, or the routed provider was chosen.</summary>
    Routing,
    /// <summary>The request moved to the next provider (the previous one failed before its first token).</summary>
    Failover,
    /// <summary>The same provider is asked again without streaming (no first token in time).</summary>
    NonStreamingFallback,
    /// <summary>Tool calls run, or their results are being read.</summary>
    Tools,
}

/// <summary>The provider finished a round and said why (<see cref="FinishReasons"/>), and/or reported the tokens it used.</summary>
public sealed record FinishUpdate(string? Reason, TokenUsage? Usage = null) : AnswerUpdate;

/// <summary>The pipeline failed; the outcome says so in plain words and the exception goes to the log.</summary>
public sealed record FailureUpdate(StreamOutcome Outcome, Exception Exception) : AnswerUpdate;

/// <summary>Tokens a provider reported for a request.</summary>
public sealed record TokenUsage(int InputTokens, int OutputTokens);
