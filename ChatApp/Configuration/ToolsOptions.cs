namespace ChatApp.Configuration;

/// <summary><c>Chat:Tools</c>: the tools the model may call while it answers in the chat page.</summary>
public sealed class ToolsOptions
{
    /// <summary>Offer the built-in tools to the model (current time, calculator, timer, the app's docs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>At most this many rounds of tool calls per answer; one more request for tools ends the answer visibly.</summary>
    public int MaxSteps { get; set; } = 5;

    /// <summary>A single tool call that runs longer than this fails (its card shows the error; the model is told).</summary>
    public int CallTimeoutSeconds { get; set; } = 30;
}
