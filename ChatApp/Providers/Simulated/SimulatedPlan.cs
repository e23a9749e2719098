namespace ChatApp.Providers.Simulated;

/// <summary>What the simulated model will stream for one request.</summary>
/// <param name="DueTimes">When each token is due, from the start of the request (one more entry than tokens: the end).</param>
/// <param name="FailAtToken">The connection drops instead of sending this token, if set.</param>
public sealed record SimulatedPlan(IReadOnlyList<string> Tokens, IReadOnlyList<TimeSpan> DueTimes, int? FailAtToken)
{
    public string Text => string.Concat(Tokens);
}
