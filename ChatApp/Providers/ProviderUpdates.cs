using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.Providers;

/// <summary>
/// The provider edge: a Semantic Kernel streaming chunk as the app's own <see cref="AnswerUpdate"/>s (text,
/// tool-call fragments, the finish reason). Nothing past this point sees a Semantic Kernel type.
/// </summary>
public static class ProviderUpdates
{
    public static IEnumerable<AnswerUpdate> From(StreamingChatMessageContent chunk)
    {
        foreach (var call in chunk.Items.OfType<StreamingFunctionCallUpdateContent>())
        {
            yield return new ToolCallDelta(0, call.FunctionCallIndex, call.CallId, call.Name, call.Arguments);
        }
        if (!string.IsNullOrEmpty(chunk.Content))
        {
            yield return new TextDelta(chunk.Content);
        }
        var reason = FinishReasonOf(chunk);
        var usage = UsageOf(chunk);
        if (reason is not null || usage is not null)
        {
            yield return new FinishUpdate(reason, usage);
        }
    }

    /// <summary>The tokens a provider reported on a chunk (OpenAI's usage chunk, or Microsoft.Extensions.AI's usage details), else null.</summary>
    public static TokenUsage? UsageOf(StreamingChatMessageContent chunk) =>
        chunk.Metadata?.TryGetValue("Usage", out var usage) == true ? usage switch
        {
            OpenAI.Chat.ChatTokenUsage openAi => new TokenUsage(openAi.InputTokenCount, openAi.OutputTokenCount),
            Microsoft.Extensions.AI.UsageDetails details when details.OutputTokenCount is { } output =>
                new TokenUsage((int)(details.InputTokenCount ?? 0), (int)output),
            _ => null,
        } : null;

    /// <summary>The finish reason a provider put on a chunk, normalised; null when it put none.</summary>
    public static string? FinishReasonOf(StreamingChatMessageContent content) => FinishReasons.Normalize(content switch
    {
        OpenAIStreamingChatMessageContent { FinishReason: { } reason } => reason.ToString(),
        _ when content.Metadata?.TryGetValue(FinishReasons.MetadataKey, out var value) == true && value is not null => value.ToString(),
        _ => null,
    });

    /// <summary>Whether a chunk carries anything an answer shows or ends on (some providers open with empty chunks).</summary>
    public static bool HasSubstance(StreamingChatMessageContent chunk) =>
        !string.IsNullOrEmpty(chunk.Content) || FinishReasonOf(chunk) is not null || chunk.Items.Any(i => i is StreamingFunctionCallUpdateContent);
}
