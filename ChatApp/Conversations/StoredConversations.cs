using ChatApp.Storage;
using ChatApp.Streaming;

namespace ChatApp.Conversations;

/// <summary>
/// A stored conversation as a page shows it: its messages in their tree with the stored branch choices, each
/// answer's attempts restored from their rows (their outcome from the typed columns), or the live answer where
/// one still runs on this server — or, scaled out, on another one (followed here through its shared log).
/// </summary>
public sealed class StoredConversations(GenerationRegistry registry, TimeProvider time, IAnswersElsewhere? mirrors = null)
{
    public ConversationTree ToTree(ConversationEntity stored)
    {
        var tree = new ConversationTree();
        foreach (var message in stored.Messages)
        {
            tree.Add(Restore(message), message.ParentId is { } parent && tree.Contains(parent) ? parent : null);
        }
        if (stored.SelectedRootId is { } root)
        {
            tree.Select(null, root);
        }
        foreach (var message in stored.Messages.Where(m => m.SelectedChildId is not null))
        {
            tree.Select(message.Id, message.SelectedChildId!.Value);
        }
        return tree;
    }

    private static TimeSpan? Ms(double? milliseconds) => milliseconds is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    private ChatMessage Restore(MessageEntity stored)
    {
        if (stored.Role == "user")
        {
            return ChatMessage.FromUser(stored.Content ?? "", stored.Id,
                stored.Images.Select(i => new ImageAttachment(i.Id, i.ContentType, i.FileName, i.Bytes)).ToList());
        }
        var attempts = stored.Attempts.Select(a => registry.TryGetActive(a.Id, out var running) && running is not null
            ? running
            : mirrors is not null && AttemptMapping.IsRunning(a)
            ? mirrors.Follow(a.Id, a)
            : Generation.Restored(a.Id, a.Provider ?? "", a.Content, AttemptMapping.FinalOutcomeOf(a), time, AttemptMapping.ToolCallsOf(a),
                (Ms(a.TimeToFirstTokenMs), Ms(a.DurationMs), a.Deltas))).ToList();
        if (attempts.Count == 0)
        {
            attempts.Add(Generation.Restored(Guid.NewGuid(), "", "", StreamOutcome.Failed(FailureKind.Unknown, "This answer was never saved."), time));
        }
        return ChatMessage.Restored(stored.Id, attempts, stored.SelectedAttempt, stored.ProviderIndex).AsStructured(stored.IsStructured);
    }
}
