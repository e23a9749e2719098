using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Conversations;

/// <summary>One turn of a chat history as Semantic Kernel content: its text, then its images as content parts.</summary>
public static class PromptContent
{
    public static ChatMessageContent Turn(AuthorRole role, string text, IEnumerable<ImageContent> images)
    {
        // Connectors send a turn with images as content parts (OpenAI image_url, Anthropic image blocks).
        var items = new ChatMessageContentItemCollection();
        if (text.Length > 0)
        {
            items.Add(new TextContent(text));
        }
        foreach (var image in images)
        {
            items.Add(image);
        }
        return items.Count == 0 ? new ChatMessageContent(role, "") : new ChatMessageContent(role, items);
    }
}
