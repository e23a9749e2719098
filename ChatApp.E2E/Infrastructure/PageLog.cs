using System.Collections.Concurrent;
using System.Diagnostics;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// What a page went through, timed from when the test began to follow it: its console messages, its WebSockets
/// opening and closing, and its requests that failed. A failure message can then say what the browser saw.
/// </summary>
public sealed class PageLog
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private PageLog()
    {
    }

    public static PageLog Follow(IPage page)
    {
        var log = new PageLog();
        page.Console += (_, message) => log.Add($"console {message.Type}: {message.Text}");
        page.RequestFailed += (_, request) => log.Add($"request failed: {request.Method} {request.Url} ({request.Failure})");
        page.WebSocket += (_, socket) =>
        {
            log.Add($"websocket open: {socket.Url}");
            socket.Close += (_, closed) => log.Add($"websocket closed: {closed.Url}");
        };
        return log;
    }

    /// <summary>Notes what the test did at this moment, among what the page saw.</summary>
    public void Add(string line) => _lines.Enqueue($"{_clock.Elapsed.TotalMilliseconds,8:F0} ms  {line}");

    public override string ToString() => string.Join('\n', _lines);
}
