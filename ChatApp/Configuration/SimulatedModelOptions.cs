namespace ChatApp.Configuration;

/// <summary><c>Chat:Simulated</c>: pacing of the built-in simulated model.</summary>
public sealed class SimulatedModelOptions
{
    /// <summary>Time to first token for ordinary prompts.</summary>
    public int FirstTokenDelayMs { get; set; } = 300;

    /// <summary>Average pace; each answer varies deterministically around it (see <see cref="PaceVariationPercent"/>).</summary>
    public double TokensPerSecond { get; set; } = 65;

    /// <summary>How far each answer's pace strays from <see cref="TokensPerSecond"/>, ± percent (0: every answer at exactly that pace).</summary>
    public double PaceVariationPercent { get; set; } = 20;

    /// <summary>How far each token's gap strays from the answer's mean gap, ± percent (0: evenly spaced tokens).</summary>
    public double TokenJitterPercent { get; set; } = 35;

    /// <summary>Time to first token of the <c>/slow</c> scenario.</summary>
    public int SlowFirstTokenDelayMs { get; set; } = 6000;
}
