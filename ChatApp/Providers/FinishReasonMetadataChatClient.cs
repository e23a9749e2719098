using System.Runtime.CompilerServices;
using ChatApp.Streaming;
using Microsoft.Extensions.AI;

namespace ChatApp.Providers;

/// <summary>
/// Carries each streamed update's finish reason into its additional properties. Semantic Kernel's
/// IChatClient bridge copies those into the chunk's metadata but drops <see cref="ChatResponseUpdate.FinishReason"/>
/// itself, and without it a finished answer could not be told from one whose connection was cut.
/// </summary>
public sealed class FinishReasonMetadataChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.FinishReason is { } reason)
            {
                update.AdditionalProperties ??= [];
                update.AdditionalProperties[FinishReasons.MetadataKey] = reason.Value;
            }
            yield return update;
        }
    }
}
