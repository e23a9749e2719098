using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.Streaming;

/// <summary>
/// The finish reason a provider put on a streamed chunk, normalised ("stop", "length", "content_filter",
/// "tool_calls"). A stream that ends without one was cut off, not finished.
/// </summary>
public static class FinishReasons
{
    public const string Stop = "stop";
    public const string Length = "length";
    public const string ContentFilter = "content_filter";
    /// <summary>A round that ended to call tools: not the end of the answer.</summary>
    public const string ToolCalls = "tool_calls";
    public const string MetadataKey = "FinishReason";

    public static string? Of(StreamingChatMessageContent content)
    {
        var raw = content switch
        {
            OpenAIStreamingChatMessageContent { FinishReason: { } reason } => reason.ToString(),
            _ when content.Metadata?.TryGetValue(MetadataKey, out var value) == true && value is not null => value.ToString(),
            _ => null,
        };
        return raw?.ToLowerInvariant() switch
        {
            null or "" => null,
            "contentfilter" or "content_filter" => ContentFilter,
            "toolcalls" or "tool_calls" => ToolCalls,
            var other => other,
        };
    }
}
