using ChatApp.Streaming;

namespace ChatApp.Providers.Simulated;

/// <summary>What the simulated model will stream for one request.</summary>
/// <param name="DueTimes">When each token is due, from the start of the request (one more entry than tokens: the end).</param>
/// <param name="FailAtToken">The connection drops instead of sending this token, if set.</param>
/// <param name="RefuseWithStatus">The request is refused with this HTTP status before any token, if set.</param>
/// <param name="Stall">The stream never sends a token.</param>
/// <param name="FinishReason">Sent with the last chunk ("stop", "length", "content_filter", "tool_calls").</param>
/// <param name="ToolCallUpdates">Streamed after the text: each call's id and name, then its arguments in pieces (due after the tokens).</param>
public sealed record SimulatedPlan(
    IReadOnlyList<string> Tokens,
    IReadOnlyList<TimeSpan> DueTimes,
    int? FailAtToken,
    int? RefuseWithStatus = null,
    bool Stall = false,
    string FinishReason = "stop",
    IReadOnlyList<Microsoft.SemanticKernel.StreamingFunctionCallUpdateContent>? ToolCallUpdates = null)
{
    public string Text => string.Concat(Tokens);

    /// <summary>At most <paramref name="maxTokens"/> tokens (a request's <c>max_tokens</c>): a longer answer stops there, like a real model, with finish reason "length".</summary>
    public SimulatedPlan Limited(int? maxTokens) => maxTokens is { } max && Tokens.Count > max
        ? this with
        {
            Tokens = Tokens.Take(max).ToList(),
            DueTimes = DueTimes.Take(max + 1).ToList(),
            FinishReason = FinishReasons.Length,
            ToolCallUpdates = null,
            FailAtToken = FailAtToken < max ? FailAtToken : null,
        }
        : this;
}
