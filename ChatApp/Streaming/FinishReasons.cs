namespace ChatApp.Streaming;

/// <summary>
/// Why a provider finished a round, normalised ("stop", "length", "content_filter", "tool_calls"). A stream
/// that ends without one was cut off, not finished.
/// </summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ContentFilter = "content_filter";
    /// <summary>A round that ended to call tools: not the end of the answer.</summary>
    public const string ToolCalls = "tool_calls";
    /// <summary>Where the providers' adapters put a finish reason in a chunk's metadata.</summary>
    public const string MetadataKey = "FinishReason";

    /// <summary>A provider's spelling of a finish reason in the normal form, or null for none.</summary>
    public static string? Normalize(string? raw) => raw?.ToLowerInvariant() switch
    {
        null or "" => null,
        "contentfilter" or "content_filter" => ContentFilter,
        "toolcalls" or "tool_calls" => ToolCalls,
        var other => other,
    };
}
