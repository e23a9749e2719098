using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.Endpoints;

/// <summary>
/// The tools an OpenAI client offers with <c>/v1/chat/completions</c> (<c>tools</c>, <c>tool_choice</c>). The
/// client runs them, not this server: they become Semantic Kernel functions that only describe the tool,
/// offered with <c>autoInvoke: false</c>, so the model's calls stream back to the client as <c>tool_calls</c>
/// and the answer ends there (<c>finish_reason: "tool_calls"</c>). The client sends the results in its next
/// request as <c>tool</c> messages.
/// </summary>
public static partial class ClientTools
{
    /// <summary>Puts the request's tools on <paramref name="settings"/>; returns false when it offered none.</summary>
    public static bool Apply(JsonObject body, ref OpenAIPromptExecutionSettings? settings)
    {
        if (body["functions"] is not null)
        {
            throw new ArgumentException("'functions' is the deprecated form of 'tools'; send 'tools'.");
        }
        if (body["tools"] is null)
        {
            return false;
        }
        var functions = Functions(body["tools"]);
        if (functions.Count == 0)
        {
            return false;
        }
        settings ??= new OpenAIPromptExecutionSettings();
        settings.FunctionChoiceBehavior = Choice(body["tool_choice"], functions);
        return true;
    }

    /// <summary>The request's <c>tools</c> as functions that describe them (and refuse to run here).</summary>
    public static List<KernelFunction> Functions(JsonNode? tools)
    {
        var functions = (tools as JsonArray ?? throw new ArgumentException("'tools' must be an array.")).Select(Function).ToList();
        return functions.Select(f => (f.PluginName, f.Name)).Distinct().Count() == functions.Count
            ? functions
            : throw new ArgumentException("'tools' names a function twice.");
    }

    private static KernelFunction Function(JsonNode? tool, int index)
    {
        var name = $"tools[{index}]";
        if (tool?["type"]?.GetValue<string>() != "function" || tool["function"] is not JsonObject function)
        {
            throw new ArgumentException($"{name}: only tools of type 'function' (with a 'function' object) are supported.");
        }
        var functionName = function["name"]?.GetValue<string>() ?? throw new ArgumentException($"{name}.function needs a 'name'.");
        // Semantic Kernel spells a plugin's function "plugin-function" on the wire, so a name with one hyphen
        // (what SK clients send) becomes that plugin and function and reaches the provider unchanged.
        var match = FunctionName().Match(functionName);
        if (!match.Success || functionName.Length > 64)
        {
            throw new ArgumentException($"{name}: the name '{functionName}' must be up to 64 ASCII letters, digits or underscores, with at most one hyphen inside.");
        }
        var (pluginName, shortName) = match.Groups[2].Success ? (match.Groups[1].Value, match.Groups[2].Value) : ((string?)null, functionName);
        var parameters = function["parameters"] as JsonObject;
        var required = (parameters?["required"] as JsonArray)?.Select(r => r?.GetValue<string>()).ToHashSet() ?? [];
        var metadata = (parameters?["properties"] as JsonObject ?? [])
            .Select(property => new KernelParameterMetadata(property.Key)
            {
                Description = property.Value?["description"]?.GetValue<string>(),
                IsRequired = required.Contains(property.Key),
                Schema = KernelJsonSchema.Parse(property.Value?.ToJsonString() ?? "{}"),
            })
            .ToList();
        var described = KernelFunctionFactory.CreateFromMethod(
            (Func<string>)(() => throw new InvalidOperationException($"'{functionName}' is the client's tool: the client runs it.")),
            new KernelFunctionFromMethodOptions
            {
                FunctionName = shortName,
                Description = function["description"]?.GetValue<string>(),
                Parameters = metadata,
            });
        return pluginName is null ? described : described.Clone(pluginName);
    }

    // "auto" (the default), "none", "required", or one named function the model must call.
    private static FunctionChoiceBehavior Choice(JsonNode? choice, List<KernelFunction> functions) => choice switch
    {
        null => FunctionChoiceBehavior.Auto(functions, autoInvoke: false),
        JsonValue value when value.TryGetValue<string>(out var mode) => mode switch
        {
            "auto" => FunctionChoiceBehavior.Auto(functions, autoInvoke: false),
            "none" => FunctionChoiceBehavior.None(functions),
            "required" => FunctionChoiceBehavior.Required(functions, autoInvoke: false),
            _ => throw new ArgumentException($"'tool_choice' '{mode}' is not supported; use 'auto', 'none', 'required' or a function."),
        },
        JsonObject named when named["function"]?["name"]?.GetValue<string>() is { } wanted =>
            FunctionChoiceBehavior.Required([functions.FirstOrDefault(f => f.Name == wanted)
                ?? throw new ArgumentException($"'tool_choice' names '{wanted}', which is not in 'tools'.")], autoInvoke: false),
        _ => throw new ArgumentException("'tool_choice' must be 'auto', 'none', 'required' or {\"type\":\"function\",\"function\":{\"name\":…}}."),
    };

    /// <summary>An assistant message's <c>tool_calls</c> as Semantic Kernel function calls.</summary>
    public static IEnumerable<FunctionCallContent> Calls(JsonNode? toolCalls, string name) =>
        (toolCalls as JsonArray ?? throw new ArgumentException($"{name}: 'tool_calls' must be an array.")).Select((call, i) =>
        {
            var id = call?["id"]?.GetValue<string>() ?? throw new ArgumentException($"{name}.tool_calls[{i}] needs an 'id'.");
            var function = call["function"]?["name"]?.GetValue<string>() ?? throw new ArgumentException($"{name}.tool_calls[{i}] needs a function 'name'.");
            return new FunctionCallContent(function, pluginName: null, id, Arguments(call["function"]?["arguments"]?.GetValue<string>(), $"{name}.tool_calls[{i}]"));
        });

    private static KernelArguments Arguments(string? json, string name)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            var arguments = new KernelArguments();
            foreach (var property in JsonDocument.Parse(json).RootElement.EnumerateObject())
            {
                arguments[property.Name] = property.Value.Clone();
            }
            return arguments;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"{name}: 'arguments' must be a JSON object.");
        }
    }

    [GeneratedRegex("^([A-Za-z0-9_]+)(?:-([A-Za-z0-9_]+))?$")]
    private static partial Regex FunctionName();
}
