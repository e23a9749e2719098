using ChatApp.Streaming;

namespace ChatApp.Providers.Simulated;

/// <summary>How the simulated model behaves for one prompt.</summary>
/// <param name="Keyword">The prompt prefix that selects it (e.g. <c>/code</c>), or empty for ordinary prompts.</param>
/// <param name="Answer">The full markdown answer: a slice of the prompt for <c>/echo</c>, so an echoed answer is not a second copy of its prompt.</param>
/// <param name="SlowFirstToken">Wait <c>Chat:Simulated:SlowFirstTokenDelayMs</c> instead of the normal time to first token.</param>
/// <param name="FailAfterTokens">Drop the connection instead of sending this token (0 = before the first token).</param>
/// <param name="RefuseWithStatus">Refuse the request with this HTTP status before any token.</param>
/// <param name="Stall">Send nothing at all while streaming (a buffered or stuck stream); a non-streaming request still answers.</param>
/// <param name="EndAfterFraction">Stop after this fraction of the answer with <paramref name="FinishReason"/>.</param>
public sealed record SimulatedScenario(
    string Keyword,
    string Description,
    ReadOnlyMemory<char> Answer,
    bool SlowFirstToken = false,
    int? FailAfterTokens = null,
    int? RefuseWithStatus = null,
    bool Stall = false,
    double EndAfterFraction = 1,
    string FinishReason = FinishReasons.Stop)
{
    /// <summary>The scenario has a failure to apply on a first attempt (a refusal, a drop, a stall, an early end).</summary>
    public bool CanFail => FailAfterTokens is not null || RefuseWithStatus is not null || Stall || EndAfterFraction < 1 || FinishReason != FinishReasons.Stop;
}
