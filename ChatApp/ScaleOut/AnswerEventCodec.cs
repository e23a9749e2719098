using System.Text.Json;
using ChatApp.Streaming.Log;

namespace ChatApp.ScaleOut;

/// <summary>An answer event as one Redis Stream entry's value: JSON of the event (its sequence is the entry id).</summary>
public static class AnswerEventCodec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Encode(AnswerEvent e) => JsonSerializer.Serialize(e with { Sequence = 0 }, Options);

    /// <exception cref="JsonException">The value is not an answer event (another version wrote it, or it is damaged).</exception>
    public static AnswerEvent Decode(string json, long sequence) =>
        (JsonSerializer.Deserialize<AnswerEvent>(json, Options) ?? throw new JsonException("An empty answer event.")) with { Sequence = sequence };
}
