namespace ChatApp.Streaming;

/// <summary>
/// Counts the readers of a running answer. While one is attached the answer runs freely; when the last one
/// leaves (a page's connection dropped, an SSE client went away) the disconnect grace period starts, and if
/// nobody comes back before it ends, <paramref name="abandoned"/> runs (the answer is stopped, its partial kept).
/// </summary>
public sealed class ReaderPresence(TimeSpan grace, TimeProvider time, Action abandoned) : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _graceTimer;
    private int _readers;
    private bool _disposed;

    public int Readers
    {
        get { lock (_gate) { return _readers; } }
    }

    /// <summary>A reader arrived; disposing the result says it left (once, however often it is disposed).</summary>
    public IDisposable Attach()
    {
        lock (_gate)
        {
            _readers++;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
        return new Lease(this);
    }

    private void Detach()
    {
        lock (_gate)
        {
            _readers--;
            if (_readers > 0 || _disposed)
            {
                return;
            }
            _graceTimer?.Dispose();
            _graceTimer = time.CreateTimer(static state => ((ReaderPresence)state!).OnGraceExpired(), this, grace, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnGraceExpired()
    {
        lock (_gate)
        {
            if (_readers > 0 || _disposed)
            {
                return;
            }
        }
        abandoned();
    }

    /// <summary>The answer ended: no grace period runs any more.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _graceTimer?.Dispose();
            _graceTimer = null;
        }
    }

    private sealed class Lease(ReaderPresence presence) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                presence.Detach();
            }
        }
    }
}
