using System.Buffers;
using System.Text;
using System.Text.Json;

namespace ChatApp.Streaming.Structured;

/// <summary>
/// Reads a JSON document that is still arriving with System.Text.Json's <see cref="Utf8JsonReader"/>
/// (<c>isFinalBlock: false</c>): every complete value becomes a complete field; a string whose closing
/// quote has not arrived yet is shown as a partial field that grows. Nothing is repaired or re-guessed:
/// the reader simply stops where the text stops.
/// </summary>
public static class PartialJsonReader
{
    /// <summary>The fields readable so far, in document order.</summary>
    public static IReadOnlyList<StructuredField> Read(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(StripFence(json));
        var fields = new List<StructuredField>();
        var path = new List<Segment>();
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        string? pendingProperty = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                    case JsonTokenType.StartArray:
                        BeginValue(path, ref pendingProperty);
                        path.Add(new Segment(null, reader.TokenType == JsonTokenType.StartArray ? -1 : -2));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        path.RemoveRange(path.Count - 2, 2); // the container and the value slot it filled
                        break;
                    case JsonTokenType.PropertyName:
                        pendingProperty = reader.GetString();
                        break;
                    default:
                        BeginValue(path, ref pendingProperty);
                        fields.Add(new StructuredField(PathOf(path), ValueOf(ref reader), true, KindOf(reader.TokenType)));
                        path.RemoveAt(path.Count - 1);
                        break;
                }
            }
        }
        catch (JsonException)
        {
            return fields; // malformed so far: show what was readable (Validate reports the error at the end)
        }

        // The value still arriving: a string without its closing quote grows in place.
        var rest = Encoding.UTF8.GetString(bytes, (int)reader.BytesConsumed, bytes.Length - (int)reader.BytesConsumed).TrimStart(' ', '\t', '\r', '\n', ',', ':');
        if (rest.StartsWith('"') && (pendingProperty is not null || path.Count > 0 && path[^1].Index >= -1))
        {
            var isPropertyName = pendingProperty is null && path.Count > 0 && path[^1].Index == -2;
            if (!isPropertyName)
            {
                BeginValue(path, ref pendingProperty);
                fields.Add(new StructuredField(PathOf(path), UnescapePartial(rest[1..]), false, StructuredValueKind.String));
            }
        }
        return fields;
    }

    /// <summary>Null when the finished text is one valid JSON value; otherwise what is wrong, in plain words.</summary>
    public static string? Validate(string json)
    {
        try
        {
            using var _ = JsonDocument.Parse(StripFence(json));
            return null;
        }
        catch (JsonException ex)
        {
            return $"The answer is not valid JSON ({ex.Message.Split(". ")[0]}). The fields read so far are kept.";
        }
    }

    // Models often wrap JSON in a ```json fence.
    private static string StripFence(string json)
    {
        var text = json.TrimStart();
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return json;
        }
        var firstLine = text.IndexOf('\n');
        if (firstLine < 0)
        {
            return "";
        }
        var body = text[(firstLine + 1)..];
        var close = body.LastIndexOf("```", StringComparison.Ordinal);
        return close >= 0 ? body[..close] : body;
    }

    private static void BeginValue(List<Segment> path, ref string? pendingProperty)
    {
        if (path.Count > 0 && path[^1].Index >= -1 && pendingProperty is null)
        {
            // An array item: the next index.
            var array = path[^1];
            path[^1] = array with { Index = array.Index + 1 };
            path.Add(new Segment($"[{array.Index + 1}]", -3));
            return;
        }
        path.Add(new Segment(pendingProperty, -3));
        pendingProperty = null;
    }

    private static string PathOf(List<Segment> path)
    {
        var text = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Index != -3 || segment.Name is null)
            {
                continue; // containers and the root carry no name of their own
            }
            if (segment.Name.StartsWith('['))
            {
                text.Append(segment.Name);
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }
                text.Append(segment.Name);
            }
        }
        return text.ToString();
    }

    private static string ValueOf(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString() ?? "",
        JsonTokenType.Number => Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan),
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        _ => "null",
    };

    private static StructuredValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.String => StructuredValueKind.String,
        JsonTokenType.Number => StructuredValueKind.Number,
        JsonTokenType.True or JsonTokenType.False => StructuredValueKind.Boolean,
        _ => StructuredValueKind.Null,
    };

    // The text of a string still arriving; a half-written escape at the very end waits for its rest.
    private static string UnescapePartial(string raw)
    {
        var text = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '\\')
            {
                text.Append(raw[i]);
                continue;
            }
            if (i + 1 >= raw.Length)
            {
                break;
            }
            var escaped = raw[++i];
            switch (escaped)
            {
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'u':
                    if (i + 4 >= raw.Length)
                    {
                        return text.ToString();
                    }
                    text.Append((char)Convert.ToInt32(raw.Substring(i + 1, 4), 16));
                    i += 4;
                    break;
                default: text.Append(escaped); break;
            }
        }
        return text.ToString();
    }

    // Name: a property name, or "[n]" for an array item; Index: -3 a value slot, -2 an object, ≥ -1 an array (last index).
    private readonly record struct Segment(string? Name, int Index);
}
