namespace ChatApp.Providers.Simulated;

/// <summary>How the simulated model behaves for one prompt.</summary>
/// <param name="Keyword">The prompt prefix that selects it (e.g. <c>/code</c>), or empty for ordinary prompts.</param>
/// <param name="Answer">The full markdown answer.</param>
/// <param name="SlowFirstToken">Wait <c>Chat:Simulated:SlowFirstTokenDelayMs</c> instead of the normal time to first token.</param>
/// <param name="FailAfterFraction">Drop the connection after this fraction of the tokens (0 = before the first token).</param>
public sealed record SimulatedScenario(
    string Keyword,
    string Description,
    string Answer,
    bool SlowFirstToken = false,
    double? FailAfterFraction = null);
