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

    private ChatMessage(ChatRole role, string? text, int providerIndex, Guid? id = null)
    {
        Id = id ?? Guid.NewGuid();
        Role = role;
        _text = text;
        ProviderIndex = providerIndex;
    }

    public Guid Id { get; }

    public ChatRole Role { get; }

    /// <summary>An answer asked for as JSON (JSON mode): shown as a live object, field by field.</summary>
    public bool IsStructured { get; init; }

    /// <summary>The provider entry the user chose for this answer (failover may answer with another).</summary>
    public int ProviderIndex { get; }

    public IReadOnlyList<Generation> Attempts => _attempts;

    /// <summary>Index of the attempt shown.</summary>
    public int SelectedAttempt { get; private set; }

    /// <summary>The attempt shown (null for a user message).</summary>
    public Generation? Generation => _attempts.Count == 0 ? null : _attempts[SelectedAttempt];

    /// <summary>The log of the attempt shown, which its view reads (null for a user message).</summary>
    public Streaming.Log.IAnswerLog? Log => Generation?.Log;

    /// <summary>The message's text now: a user's prompt, or the shown answer so far (partial text included).</summary>
    public string Text => _text ?? Generation?.Text ?? "";

    /// <summary>Images sent with a prompt (empty for answers and most prompts).</summary>
    public IReadOnlyList<ImageAttachment> Images { get; private init; } = [];

    public static ChatMessage FromUser(string text, Guid? id = null, IReadOnlyList<ImageAttachment>? images = null) =>
        new(ChatRole.User, text, 0, id) { Images = images ?? [] };

    /// <summary>An answer loaded from storage, with its attempts (live ones where still running).</summary>
    public static ChatMessage Restored(Guid id, IReadOnlyList<Generation> attempts, int selected, int providerIndex)
    {
        var message = new ChatMessage(ChatRole.Assistant, null, providerIndex, id);
        message._attempts.AddRange(attempts);
        message.SelectAttempt(selected);
        return message;
    }

    public static ChatMessage FromAssistant(Generation generation, int providerIndex = 0, Guid? id = null)
    {
        var message = new ChatMessage(ChatRole.Assistant, null, providerIndex, id);
        message.AddAttempt(generation);
        return message;
    }

    /// <summary>This message, marked as a JSON-mode answer when <paramref name="structured"/>.</summary>
    internal ChatMessage AsStructured(bool structured)
    {
        if (!structured)
        {
            return this;
        }
        var copy = new ChatMessage(Role, _text, ProviderIndex, Id) { IsStructured = true };
        copy._attempts.AddRange(_attempts);
        copy.SelectedAttempt = SelectedAttempt;
        return copy;
    }

    /// <summary>A retry: a new attempt, shown at once.</summary>
    internal void AddAttempt(Generation generation)
    {
        _attempts.Add(generation);
        SelectedAttempt = _attempts.Count - 1;
    }

    /// <summary>The stored id of each attempt (a continue keeps the attempt's id).</summary>
    public Guid AttemptId(int index) => _attempts[index].Id;

    /// <summary>A continue: the shown attempt carries on in a generation that started from its text.</summary>
    internal void ReplaceShownAttempt(Generation continuation) => _attempts[SelectedAttempt] = continuation;

    internal void SelectAttempt(int index) => SelectedAttempt = Math.Clamp(index, 0, _attempts.Count - 1);
}
