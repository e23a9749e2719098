namespace ChatApp.Streaming.Tools;

/// <summary>Where one tool call is. The contract's <c>data-state</c> values come from <see cref="ToolCallStateExtensions.ToContractValue"/>.</summary>
public enum ToolCallState
{
    /// <summary>Its arguments are streaming in, or the tool is running.</summary>
    Running,
    Complete,
    Error,
}

public static class ToolCallStateExtensions
{
    /// <summary>The exact <c>data-state</c> value of ui-contract.md §3 for <c>tool-call</c>.</summary>
    public static string ToContractValue(this ToolCallState state) => state switch
    {
        ToolCallState.Running => "running",
        ToolCallState.Complete => "complete",
        ToolCallState.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
