namespace ChatApp.Conversations;

/// <summary>A conversation as the sidebar lists it.</summary>
public sealed record ConversationListing(Guid Id, string Title, DateTimeOffset UpdatedAt)
{
    internal static IReadOnlyList<ConversationListing> From(IReadOnlyList<Storage.ConversationSummary> stored) =>
        stored.Select(c => new ConversationListing(c.Id, c.Title, c.UpdatedAt)).ToList();
}
