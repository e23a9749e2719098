using System.Text.Json.Nodes;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI.Chat;

namespace ChatApp.Endpoints;

/// <summary>
/// The generation parameters an OpenAI client sends with <c>/v1/chat/completions</c> (temperature, top_p,
/// max_tokens, stop, seed, penalties, response_format) as Semantic Kernel settings, which every connector
/// maps to its own API. A value out of OpenAI's documented range is a 400 naming the parameter rather than
/// something the provider silently clamps or refuses later.
/// </summary>
public static class CompletionSettings
{
    /// <summary>The settings the request asked for; null when it set none.</summary>
    public static OpenAIPromptExecutionSettings? Parse(JsonObject body)
    {
        var settings = new OpenAIPromptExecutionSettings();
        var any = false;
        if (body["temperature"] is { } temperature)
        {
            settings.Temperature = InRange(temperature, "temperature", 0, 2);
            any = true;
        }
        if (body["top_p"] is { } topP)
        {
            settings.TopP = InRange(topP, "top_p", 0, 1);
            any = true;
        }
        if (body["presence_penalty"] is { } presence)
        {
            settings.PresencePenalty = InRange(presence, "presence_penalty", -2, 2);
            any = true;
        }
        if (body["frequency_penalty"] is { } frequency)
        {
            settings.FrequencyPenalty = InRange(frequency, "frequency_penalty", -2, 2);
            any = true;
        }
        // max_completion_tokens replaced max_tokens in OpenAI's API; clients send either.
        var maxTokensName = body["max_completion_tokens"] is not null ? "max_completion_tokens" : "max_tokens";
        if (body[maxTokensName] is { } maxTokens)
        {
            settings.MaxTokens = Read<int>(maxTokens, maxTokensName) is var value and >= 1
                ? value
                : throw new ArgumentException($"'{maxTokensName}' must be at least 1.");
            any = true;
        }
        if (body["stop"] is { } stop)
        {
            settings.StopSequences = Stops(stop);
            any = true;
        }
        if (body["seed"] is { } seed)
        {
            settings.Seed = Read<long>(seed, "seed");
            any = true;
        }
        if (body["response_format"] is { } format)
        {
            settings.ResponseFormat = ResponseFormat(format);
            any = true;
        }
        return any ? settings : null;
    }

    private static double InRange(JsonNode node, string name, double min, double max) =>
        Read<double>(node, name) is var value && value >= min && value <= max
            ? value
            : throw new ArgumentException($"'{name}' must be between {min} and {max}.");

    private static T Read<T>(JsonNode node, string name)
    {
        try
        {
            return node.GetValue<T>();
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException)
        {
            throw new ArgumentException($"'{name}' must be a number.");
        }
    }

    private static List<string> Stops(JsonNode stop)
    {
        List<string> stops = stop switch
        {
            JsonValue one when one.TryGetValue<string>(out var text) => [text],
            JsonArray many when many.All(s => s is JsonValue v && v.TryGetValue<string>(out _)) => many.Select(s => s!.GetValue<string>()).ToList(),
            _ => throw new ArgumentException("'stop' must be a string or an array of strings."),
        };
        return stops.Count <= 4 ? stops : throw new ArgumentException("'stop' can have at most 4 sequences.");
    }

    // "text" is the default; "json_object" is JSON mode; "json_schema" (structured outputs) travels as the
    // OpenAI SDK's own format object, which the OpenAI and Azure connectors pass on as it is.
    private static object? ResponseFormat(JsonNode format) => format["type"]?.GetValue<string>() switch
    {
        "text" => null,
        "json_object" => "json_object",
        "json_schema" when format["json_schema"] is JsonObject { } schema && schema["name"]?.GetValue<string>() is { Length: > 0 } name =>
            ChatResponseFormat.CreateJsonSchemaFormat(name, BinaryData.FromString(schema["schema"]?.ToJsonString() ?? "{}"),
                schema["description"]?.GetValue<string>(), schema["strict"]?.GetValue<bool>()),
        "json_schema" => throw new ArgumentException("'response_format.json_schema' needs a 'name' and a 'schema'."),
        var other => throw new ArgumentException($"'response_format.type' '{other}' is not supported; use 'text', 'json_object' or 'json_schema'."),
    };
}
