namespace ChatApp.Configuration;

/// <summary><c>Chat:Simulated</c>: pacing of the built-in simulated model.</summary>
public sealed class SimulatedModelOptions
{
    /// <summary>Time to first token for ordinary prompts.</summary>
    public int FirstTokenDelayMs { get; set; } = 300;

    /// <summary>Average pace; each answer varies deterministically around it (±20%).</summary>
    public double TokensPerSecond { get; set; } = 65;

    /// <summary>Time to first token of the <c>/slow</c> scenario.</summary>
    public int SlowFirstTokenDelayMs { get; set; } = 6000;
}
