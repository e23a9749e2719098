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
        JsonArray? deltas = null; // asked once per frame of every answer, most of which have no calls: nothing allocated then
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            if (call.Name.Length == 0)
            {
                continue;
            }
            if (!_sentArguments.TryGetValue(call.Index, out var sent))
            {
                (deltas ??= []).Add(new JsonObject
                {
                    ["index"] = call.Index,
                    ["id"] = call.CallId,
                    ["type"] = "function",
                    ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
                });
            }
            else if (call.Arguments.Length > sent)
            {
                (deltas ??= []).Add(new JsonObject { ["index"] = call.Index, ["function"] = new JsonObject { ["arguments"] = call.Arguments[sent..] } });
            }
            _sentArguments[call.Index] = call.Arguments.Length;
        }
        return deltas;
    }

    /// <summary>The calls whole, for a non-streaming answer's message.</summary>
    public static JsonArray All(IReadOnlyList<ToolCallView> calls) => new(calls.Select(call => (JsonNode)new JsonObject
    {
        ["id"] = call.CallId,
        ["type"] = "function",
        ["function"] = new JsonObject { ["name"] = call.Name, ["arguments"] = call.Arguments },
    }).ToArray());
}
