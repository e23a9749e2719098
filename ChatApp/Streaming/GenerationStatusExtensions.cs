namespace ChatApp.Streaming;

public static class GenerationStatusExtensions
{
    /// <summary>The exact <c>data-status</c> value of ui-contract.md §3.</summary>
    public static string ToContractValue(this GenerationStatus status) => status switch
    {
        GenerationStatus.Pending => "pending",
        GenerationStatus.Streaming => "streaming",
        GenerationStatus.Complete => "complete",
        GenerationStatus.Stopped => "stopped",
        GenerationStatus.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool IsActive(this GenerationStatus status) => status is GenerationStatus.Pending or GenerationStatus.Streaming;
}
