using System.Collections.Concurrent;

namespace ChatApp.Endpoints;

/// <summary>
/// Which answer each AI SDK chat (<c>useChat</c>'s chat id) is running now, so <c>GET /api/chat/{chatId}/stream</c>
/// can resume it and <c>DELETE</c> can stop it. An entry lives as long as its answer runs. Scaled out, the entry is
/// in Redis too, so the resume and the stop work on any instance.
/// </summary>
public sealed class ChatStreams(ScaleOut.SharedAnswers? shared = null)
{
    private readonly ConcurrentDictionary<string, Guid> _running = new(StringComparer.Ordinal);

    /// <summary>Records that <paramref name="chatId"/> runs <paramref name="answerId"/> until <paramref name="ended"/> completes.</summary>
    public void Track(string chatId, Guid answerId, Task ended)
    {
        _running[chatId] = answerId;
        try
        {
            shared?.Redis.GetDatabase().StringSet(ScaleOut.SharedKeys.ChatAnswer(chatId), answerId.ToString("N"), TimeSpan.FromSeconds(shared.Options.RetainSeconds),
                flags: StackExchange.Redis.CommandFlags.FireAndForget);
        }
        catch (StackExchange.Redis.RedisException)
        {
            // Redis away: this instance still resumes and stops it; other instances cannot (the page says so).
        }
        _ = ended.ContinueWith(_ => _running.TryRemove(new KeyValuePair<string, Guid>(chatId, answerId)), TaskScheduler.Default);
    }

    /// <summary>The answer the chat runs now: this instance's, else (scaled out) the one another instance recorded.</summary>
    public async Task<Guid?> RunningAnswerOfAsync(string chatId)
    {
        if (_running.TryGetValue(chatId, out var answerId))
        {
            return answerId;
        }
        if (shared is null)
        {
            return null;
        }
        try
        {
            var recorded = await shared.Redis.GetDatabase().StringGetAsync(ScaleOut.SharedKeys.ChatAnswer(chatId));
            return Guid.TryParse((string?)recorded, out var id) ? id : null;
        }
        catch (StackExchange.Redis.RedisException)
        {
            return null; // Redis away: only this instance's own answers can be found
        }
    }
}
