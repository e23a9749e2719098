namespace ChatApp.Streaming.Tools;

/// <summary>The model asked for another round of tool calls after <c>Chat:Tools:MaxSteps</c> rounds: the answer ends there, visibly.</summary>
public sealed class ToolStepLimitException(int maxSteps)
    : Exception($"The answer used all {maxSteps} rounds of tool calls allowed (Chat:Tools:MaxSteps) before it finished. The text and tool results so far are kept; Continue carries on.");
