namespace ChatApp.Storage;

/// <summary>A stored conversation; every query is scoped by <see cref="OwnerId"/>.</summary>
public sealed class ConversationEntity
{
    public Guid Id { get; set; }

    /// <summary>The anonymous browser identity that owns it.</summary>
    public required string OwnerId { get; set; }

    public required string Title { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Which first message is shown, when the first prompt was edited.</summary>
    public Guid? SelectedRootId { get; set; }

    /// <summary>Set when deleted; the row stays until the undo window has passed.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    public List<MessageEntity> Messages { get; set; } = [];
}
