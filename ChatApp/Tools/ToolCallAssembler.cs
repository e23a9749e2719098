using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tools;

/// <summary>
/// Puts one round's streamed <see cref="ToolCallDelta"/> fragments back together into Semantic Kernel calls to
/// invoke, with Semantic Kernel's own <see cref="FunctionCallContentBuilder"/> (it parses the argument JSON and
/// puts a malformed one on the call's <see cref="FunctionCallContent.Exception"/>), and keeps the index each
/// call was streamed under, which is its card's.
/// </summary>
public sealed class ToolCallAssembler
{
    private readonly FunctionCallContentBuilder _builder = new();
    private readonly SortedDictionary<int, string?> _callIds = [];

    public void Add(ToolCallDelta delta)
    {
        var chunk = new StreamingChatMessageContent(AuthorRole.Assistant, null);
        chunk.Items.Add(new StreamingFunctionCallUpdateContent(delta.CallId, delta.Name, delta.ArgumentsFragment, delta.Index));
        _builder.Append(chunk);
        if (!_callIds.TryGetValue(delta.Index, out var known) || known is null)
        {
            _callIds[delta.Index] = delta.CallId;
        }
    }

    /// <summary>The round's calls, each with the index it was streamed under (matched by the provider's id, else by order).</summary>
    public IReadOnlyList<(int Index, FunctionCallContent Call)> Build()
    {
        var calls = _builder.Build();
        var indexes = _callIds.ToList();
        return calls.Select((call, position) => (
            indexes.FirstOrDefault(c => call.Id is not null && c.Value == call.Id, new(position < indexes.Count ? indexes[position].Key : position, null)).Key,
            call)).ToList();
    }
}
