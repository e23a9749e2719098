using System.Text;
using System.Text.Json;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;

namespace ChatApp.Tools;

/// <summary>
/// Puts one round's streamed <see cref="ToolCallDelta"/> fragments back together into Semantic Kernel calls
/// to invoke: id, name and argument text per call index. Arguments that are not a JSON object become the
/// call's <see cref="FunctionCallContent.Exception"/>, which the loop reports to the model as an error result.
/// </summary>
public sealed class ToolCallAssembler
{
    private readonly SortedDictionary<int, (string? Id, string? Name, StringBuilder Arguments)> _calls = [];

    public void Add(ToolCallDelta delta)
    {
        if (!_calls.TryGetValue(delta.Index, out var call))
        {
            call = (null, null, new StringBuilder());
        }
        _calls[delta.Index] = (call.Id ?? delta.CallId, string.IsNullOrEmpty(call.Name) ? delta.Name : call.Name, call.Arguments.Append(delta.ArgumentsFragment));
    }

    /// <summary>The round's calls in index order, with the index each was streamed under.</summary>
    public IReadOnlyList<(int Index, FunctionCallContent Call)> Build() =>
        _calls.Where(c => !string.IsNullOrEmpty(c.Value.Name)).Select(c => (c.Key, ToCall(c.Value.Id, c.Value.Name!, c.Value.Arguments.ToString()))).ToList();

    private static FunctionCallContent ToCall(string? id, string name, string arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return new FunctionCallContent(name, pluginName: null, id, new KernelArguments());
        }
        try
        {
            var values = JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)
                ?? throw new JsonException("The arguments are null.");
            return new FunctionCallContent(name, pluginName: null, id, new KernelArguments(values));
        }
        catch (JsonException ex)
        {
            return new FunctionCallContent(name, pluginName: null, id) { Exception = ex };
        }
    }
}
