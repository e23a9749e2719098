using System.Text.Json;

namespace ChatApp.E2E.Infrastructure;

/// <summary>One Server-Sent Event: its <c>id:</c> (null when it has none) and its <c>data:</c>.</summary>
public sealed record SseEvent(long? Id, string Data)
{
    public JsonElement Json => JsonDocument.Parse(Data).RootElement;

    public string? Type => Data.StartsWith('{') && Json.TryGetProperty("type", out var type) ? type.GetString() : null;

    /// <summary>The text of a <c>text-delta</c>, else "".</summary>
    public string Delta => Type == "text-delta" ? Json.GetProperty("delta").GetString()! : "";
}

/// <summary>Reads an SSE response event by event, the way a browser's EventSource parses it.</summary>
public sealed class SseReader(Stream body) : IDisposable
{
    private readonly StreamReader _reader = new(body);

    /// <summary>The next event, or null at the end of the stream. Comments (keep-alives) are skipped.</summary>
    public async Task<SseEvent?> NextAsync(CancellationToken cancellationToken = default)
    {
        long? id = null;
        var data = new List<string>();
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    return new SseEvent(id, string.Join('\n', data));
                }
                continue;
            }
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..]);
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data.Add(line[6..]);
            }
        }
        return null;
    }

    /// <summary>Every event to the end of the stream.</summary>
    public async Task<List<SseEvent>> ReadToEndAsync(CancellationToken cancellationToken = default)
    {
        var events = new List<SseEvent>();
        while (await NextAsync(cancellationToken) is { } next)
        {
            events.Add(next);
        }
        return events;
    }

    public void Dispose() => _reader.Dispose();
}
