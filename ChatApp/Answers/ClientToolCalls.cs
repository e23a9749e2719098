using System.Runtime.CompilerServices;
using ChatApp.Streaming;

namespace ChatApp.Answers;

/// <summary>
/// The answer stream of a request whose client runs its own tools (the gateway's <c>tools</c>): when a round ends
/// to call tools, its calls are handed on complete, which makes the answer end complete: the client has what it
/// asked for, and sends the results in its next request. (Calls nobody handed on make such an ending a failure:
/// nobody would run them.)
/// </summary>
public static class ClientToolCalls
{
    public const string HandedOn = "Sent to the client to run.";

    public static async IAsyncEnumerable<AnswerUpdate> HandOn(IAsyncEnumerable<AnswerUpdate> answer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var running = new SortedSet<(int Round, int Index)>();
        await foreach (var update in answer.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            switch (update)
            {
                case ToolCallDelta call:
                    running.Add((call.Round, call.Index));
                    break;
                case FinishUpdate { Reason: FinishReasons.ToolCalls }:
                    // The round's calls are complete as far as this server goes: they are the client's to run.
                    foreach (var (round, index) in running)
                    {
                        yield return new ToolCallResult(round, index, Succeeded: true, HandedOn);
                    }
                    running.Clear();
                    break;
            }
            yield return update;
        }
    }
}
