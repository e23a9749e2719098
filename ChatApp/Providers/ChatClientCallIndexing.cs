using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Providers;

/// <summary>
/// Numbers the tool calls that come through Semantic Kernel's IChatClient bridge. Microsoft.Extensions.AI
/// delivers each call whole, and the bridge turns every one into an update with call index 0, so two
/// parallel calls would be read as the pieces of one. Here each new call id gets the next index, the way
/// OpenAI-style streams number them.
/// </summary>
public sealed class ChatClientCallIndexing(IChatCompletionService inner) : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes => inner.Attributes;

    public Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        inner.GetChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken);

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var indexes = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var chunk in inner.GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < chunk.Items.Count; i++)
            {
                if (chunk.Items[i] is StreamingFunctionCallUpdateContent { CallId: { } id } call)
                {
                    if (!indexes.TryGetValue(id, out var index))
                    {
                        indexes[id] = index = indexes.Count;
                    }
                    chunk.Items[i] = new StreamingFunctionCallUpdateContent(id, call.Name, call.Arguments, index);
                }
            }
            yield return chunk;
        }
    }
}
