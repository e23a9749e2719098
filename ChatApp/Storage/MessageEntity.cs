namespace ChatApp.Storage;

/// <summary>A stored message: a user's prompt, or an assistant answer with its attempts.</summary>
public sealed class MessageEntity
{
    public Guid Id { get; set; }

    public Guid ConversationId { get; set; }

    /// <summary>Order of creation within the conversation.</summary>
    public int Position { get; set; }

    /// <summary>The message this one follows (null: the conversation's first). Edited prompts are siblings.</summary>
    public Guid? ParentId { get; set; }

    /// <summary>Which of this message's followers is shown (the branch chosen).</summary>
    public Guid? SelectedChildId { get; set; }

    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    public required string Role { get; set; }

    /// <summary>The prompt (user messages only).</summary>
    public string? Content { get; set; }

    public int ProviderIndex { get; set; }

    /// <summary>Asked for as JSON (JSON mode).</summary>
    public bool IsStructured { get; set; }

    public int SelectedAttempt { get; set; }

    public List<AttemptEntity> Attempts { get; set; } = [];

    /// <summary>Images sent with the prompt (user messages only).</summary>
    public List<ImageEntity> Images { get; set; } = [];
}
