namespace ChatApp.Storage;

/// <summary>A conversation as the sidebar lists it.</summary>
public sealed record ConversationSummary(Guid Id, string Title, DateTimeOffset UpdatedAt);
