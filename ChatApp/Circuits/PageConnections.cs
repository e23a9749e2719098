using System.Collections.Concurrent;

namespace ChatApp.Circuits;

/// <summary>
/// The pages' live connections to this instance (Blazor's <c>/_blazor</c> requests: the WebSocket, or long polling
/// without one). SignalR closes them when the stop signal comes, but a page reconnects at once, and it should: it
/// follows its answer through the drain. Once the drain is over nothing is left to follow, yet the web server would
/// wait out the whole shutdown timeout (<c>DrainSeconds</c> + 15 s) for those connections to end by themselves.
/// <see cref="CloseAll"/> ends them then, and refuses new ones (503), so the instance exits as soon as its answers
/// are saved and the pages reconnect to another instance (or reload once this one is back).
/// </summary>
public sealed class PageConnections
{
    private readonly ConcurrentDictionary<HttpContext, byte> _open = new();
    private volatile bool _closed;

    /// <summary>How many page connections are open now.</summary>
    public int Count => _open.Count;

    /// <summary>Runs one <c>/_blazor</c> request, tracked while it lasts; after <see cref="CloseAll"/>, refused.</summary>
    public async Task RunAsync(HttpContext context, RequestDelegate next)
    {
        if (_closed)
        {
            Refuse(context);
            return;
        }
        _open.TryAdd(context, 0);
        try
        {
            // Closed between the check and the add: CloseAll's sweep may have run before this one was in the set.
            if (_closed)
            {
                Refuse(context);
                return;
            }
            await next(context);
        }
        finally
        {
            _open.TryRemove(context, out _);
        }
    }

    /// <summary>Ends every open page connection and refuses new ones; returns how many were ended.</summary>
    public int CloseAll()
    {
        _closed = true;
        var closed = 0;
        foreach (var context in _open.Keys)
        {
            try
            {
                context.Abort();
                closed++;
            }
            catch (ObjectDisposedException)
            {
                // It ended by itself after the sweep began (its request is over): nothing left to close.
            }
        }
        return closed;
    }

    private static void Refuse(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
    }
}
