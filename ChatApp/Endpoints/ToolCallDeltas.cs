using System.Text.Json.Nodes;
using ChatApp.Streaming.Tools;

namespace ChatApp.Endpoints;

/// <summary>
/// A generation's tool calls as OpenAI's <c>tool_calls</c> deltas: a call's index, id and name the first time
/// it is sent, then only the argument text the client has not seen yet.
/// </summary>
public sealed class ToolCallDeltas
{
    private readonly Dictionary<int, int> _sentArguments = []; // call index → argument characters sent

    /// <summary>What changed since the last call, or null when nothing did.</summary>
    public JsonArray? Next(IReadOnlyList<ToolCallView> calls)
    {
        var deltas = new JsonArray();
        foreach (var call in calls.Where(c => c.Name.Length > 0))
        {
            if (!_sentArguments.TryGetValue(call.Index, out var sent))
            {
                deltas.Add(new JsonObject
                {
                    ["index"] = call.Index,
                    ["id"] = call.CallId,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                });
            }
            else if (call.Arguments.Length > sent)
            {
                deltas.Add(new JsonObject { ["index"] = call.Index, ["function"] = new JsonObject { ["arguments"] = call.Arguments[sent..] } });
            }
            _sentArguments[call.Index] = call.Arguments.Length;
        }
        return deltas.Count > 0 ? deltas : null;
    }

    /// <summary>The calls whole, for a non-streaming answer's message.</summary>
    public static JsonArray All(IReadOnlyList<ToolCallView> calls) => new(calls.Select(call => (JsonNode)new JsonObject
    {
        ["id"] = call.CallId,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
    }).ToArray());
}
