using ChatApp.Streaming;

namespace ChatApp.Conversations;

/// <summary>
/// One message of a conversation. A user message has text; an assistant message has one or more attempts
/// (each a generation: retry adds one, the old ones stay reachable) and shows the selected one.
/// </summary>
public sealed class ChatMessage
{
    private readonly string? _text;
    private readonly List<Generation> _attempts = [];

    private ChatMessage(ChatRole role, string? text, int providerIndex)
    {
        Role = role;
        _text = text;
        ProviderIndex = providerIndex;
    }

    public Guid Id { get; } = Guid.NewGuid();

    public ChatRole Role { get; }

    /// <summary>The provider entry the user chose for this answer (failover may answer with another).</summary>
    public int ProviderIndex { get; }

    public IReadOnlyList<Generation> Attempts => _attempts;

    /// <summary>Index of the attempt shown.</summary>
    public int SelectedAttempt { get; private set; }

    /// <summary>The attempt shown (null for a user message).</summary>
    public Generation? Generation => _attempts.Count == 0 ? null : _attempts[SelectedAttempt];

    /// <summary>The message's text now: a user's prompt, or the shown answer so far (partial text included).</summary>
    public string Text => _text ?? Generation?.Text ?? "";

    public static ChatMessage FromUser(string text) => new(ChatRole.User, text, 0);

    public static ChatMessage FromAssistant(Generation generation, int providerIndex = 0)
    {
        var message = new ChatMessage(ChatRole.Assistant, null, providerIndex);
        message.AddAttempt(generation);
        return message;
    }

    /// <summary>A retry: a new attempt, shown at once.</summary>
    internal void AddAttempt(Generation generation)
    {
        _attempts.Add(generation);
        SelectedAttempt = _attempts.Count - 1;
    }

    /// <summary>A continue: the shown attempt carries on in a generation that started from its text.</summary>
    internal void ReplaceShownAttempt(Generation continuation) => _attempts[SelectedAttempt] = continuation;

    internal void SelectAttempt(int index) => SelectedAttempt = Math.Clamp(index, 0, _attempts.Count - 1);
}
