using System.Collections.Concurrent;

namespace ChatApp.Endpoints;

/// <summary>
/// Which answer each AI SDK chat (<c>useChat</c>'s chat id) is running now, so <c>GET /api/chat/{chatId}/stream</c>
/// can resume it and <c>DELETE</c> can stop it. An entry lives as long as its answer runs.
/// </summary>
public sealed class ChatStreams
{
    private readonly ConcurrentDictionary<string, Guid> _running = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="chatId"/> runs <paramref name="answerId"/> until <paramref name="ended"/> completes.</summary>
    public void Track(string chatId, Guid answerId, Task ended)
    {
        _running[chatId] = answerId;
        _ = ended.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, Guid>(chatId, answerId)), TaskScheduler.Default);
    }

    public Guid? RunningAnswerOf(string chatId) => _running.TryGetValue(chatId, out var answerId) ? answerId : null;
}
