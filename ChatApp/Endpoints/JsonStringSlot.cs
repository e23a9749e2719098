using System.Text.Json;

namespace ChatApp.Endpoints;

/// <summary>
/// A JSON payload whose only changing part is one string value, split around it once per stream: an event is the
/// bytes before, the string JSON-escaped, and the bytes after. An SSE stream's content chunks differ only in their
/// text; writing the id, the model and every other field anew for each token (each value checked for escaping) was
/// most of the JSON writer's work per event.
/// </summary>
/// <param name="Before">Valid JSON up to and including the value's property name and colon.</param>
/// <param name="After">The rest of the payload after the value.</param>
public sealed record JsonStringSlot(byte[] Before, byte[] After)
{
    /// <summary>Where the value goes, in a payload given to <see cref="Of"/>.</summary>
    public const string Marker = "\u0001slot\u0001";

    /// <summary>The slot of a payload serialized as any other event is, with <see cref="Marker"/> once where the value goes.</summary>
    /// <exception cref="ArgumentException">The payload does not hold the marker exactly once.</exception>
    public static JsonStringSlot Of(object payload, JsonSerializerOptions options)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, payload.GetType(), options);
        var marker = JsonSerializer.SerializeToUtf8Bytes(Marker, options);
        var at = json.AsSpan().IndexOf(marker);
        if (at < 0 || json.AsSpan(at + marker.Length).IndexOf(marker) >= 0)
        {
            throw new ArgumentException("The payload must hold the slot's marker exactly once.", nameof(payload));
        }
        return new JsonStringSlot(json[..at], json[(at + marker.Length)..]);
    }
}
