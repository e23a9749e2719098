using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Conversations;

/// <summary>One turn of a chat history as Semantic Kernel content: its text, then its images (or tool calls) as content parts.</summary>
public static class PromptContent
{
    /// <param name="toolItems">An assistant turn's function calls, or a tool turn's function result.</param>
    public static ChatMessageContent Turn(AuthorRole role, string text, IEnumerable<ImageContent> images, IEnumerable<KernelContent>? toolItems = null)
    {
        // Connectors send a turn with images as content parts (OpenAI image_url, Anthropic image blocks).
        var items = new ChatMessageContentItemCollection();
        if (text.Length > 0)
        {
            items.Add(new TextContent(text));
        }
        foreach (var item in images.Concat(toolItems ?? []))
        {
            items.Add(item);
        }
        return items.Count == 0 ? new ChatMessageContent(role, "") : new ChatMessageContent(role, items);
    }
}
