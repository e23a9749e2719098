using ChatApp.Streaming;

namespace ChatApp.Conversations;

/// <summary>One message of a conversation. A user message has text; an assistant message has the generation producing it.</summary>
public sealed class ChatMessage
{
    private ChatMessage(ChatRole role, string? text, Generation? generation)
    {
        Role = role;
        _text = text;
        Generation = generation;
    }

    private readonly string? _text;

    public Guid Id { get; } = Guid.NewGuid();

    public ChatRole Role { get; }

    public Generation? Generation { get; }

    /// <summary>The message's text now: a user's prompt, or the assistant's answer so far (partial text included).</summary>
    public string Text => _text ?? Generation?.Text ?? "";

    public static ChatMessage FromUser(string text) => new(ChatRole.User, text, null);

    public static ChatMessage FromAssistant(Generation generation) => new(ChatRole.Assistant, null, generation);
}
