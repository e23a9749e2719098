namespace ChatApp.Endpoints;

/// <summary>
/// A JSON payload whose only changing part is one string value, split around it once per stream: an event is the
/// bytes before, the string JSON-escaped, and the bytes after. An SSE stream's content chunks differ only in their
/// text; writing the id, the model and every other field anew for each token (each value checked for escaping) was
/// most of the JSON writer's work per event.
/// </summary>
/// <param name="Before">Valid JSON up to and including the value's property name and colon.</param>
/// <param name="After">The rest of the payload after the value.</param>
public sealed record JsonStringSlot(byte[] Before, byte[] After);
