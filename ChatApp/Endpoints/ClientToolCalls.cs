using System.Runtime.CompilerServices;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// The answer stream of a request whose client runs its own tools (<see cref="ClientTools"/>): each streamed
/// tool call is put on the generation (where the endpoint reads it frame by frame), and a round that ends to
/// call tools ends the answer as complete — the client has what it asked for, and sends the results in its
/// next request. (Without client tools, such an ending is a failure: nobody would run the calls.)
/// </summary>
public static class ClientToolCalls
{
    public static async IAsyncEnumerable<StreamingChatMessageContent> Record(
        IAsyncEnumerable<StreamingChatMessageContent> answer, Generation generation, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in answer.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            foreach (var update in chunk.Items.OfType<StreamingFunctionCallUpdateContent>())
            {
                generation.StreamToolCall(0, update.FunctionCallIndex, update.CallId, update.Name, update.Arguments);
            }
            yield return FinishReasons.Of(chunk) == FinishReasons.ToolCalls
                ? new StreamingChatMessageContent(AuthorRole.Assistant, chunk.Content,
                    metadata: new Dictionary<string, object?> { [FinishReasons.MetadataKey] = FinishReasons.Stop })
                : chunk;
        }
    }
}
