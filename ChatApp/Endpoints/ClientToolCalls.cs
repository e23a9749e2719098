using System.Runtime.CompilerServices;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;

namespace ChatApp.Endpoints;

/// <summary>
/// The answer stream of a request whose client runs its own tools (<see cref="ClientTools"/>): each streamed
/// tool call is put on the generation (where the endpoint reads it frame by frame), and when the round ends to
/// call tools, its calls are handed on complete, which makes the generation end complete: the client has what
/// it asked for, and sends the results in its next request. (Calls nobody handed on make such an ending a
/// failure: nobody would run them.)
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
            if (FinishReasons.Of(chunk) == FinishReasons.ToolCalls)
            {
                // The round's calls are complete as far as this server goes: they are the client's to run.
                foreach (var call in generation.ToolCalls.Where(c => c.State == Streaming.Tools.ToolCallState.Running))
                {
                    generation.EndToolCall(call.Round, call.Index, succeeded: true, "Sent to the client to run.");
                }
            }
            yield return chunk;
        }
    }
}
