using ChatApp.Streaming;

namespace ChatApp.Conversations;

/// <summary>
/// A page's hold on the answers it shows: one reader lease per running answer while the page is connected.
/// When the connection goes down every lease is released (the answers run on through the disconnect grace
/// period); when it comes back they are taken again. A lease ends by itself when its answer ends.
/// </summary>
public sealed class ReaderLeases : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, IDisposable> _leases = [];
    private bool _connected = true;

    /// <summary>A newly started answer: held while connected; started while the page is gone, it gets the grace period like any other.</summary>
    public void Hold(Generation generation)
    {
        lock (_gate)
        {
            if (!_connected)
            {
                generation.AttachReader().Dispose();
                return;
            }
            TakeUnderLock(generation);
        }
    }

    /// <summary>Holds every running answer among <paramref name="answers"/> that is not held yet (while connected).</summary>
    public void HoldRunning(IEnumerable<Generation> answers)
    {
        lock (_gate)
        {
            if (!_connected)
            {
                return;
            }
            foreach (var generation in answers.Where(g => g.Status.IsActive() && !_leases.ContainsKey(g.Id)))
            {
                TakeUnderLock(generation);
            }
        }
    }

    /// <summary>The page's connection went down: its answers now run on the disconnect grace period.</summary>
    public void ConnectionDown()
    {
        lock (_gate)
        {
            _connected = false;
            foreach (var lease in _leases.Values)
            {
                lease.Dispose();
            }
            _leases.Clear();
        }
    }

    /// <summary>The page reconnected: hold again what still runs (the caller passes the answers it shows).</summary>
    public void ConnectionUp(IEnumerable<Generation> answers)
    {
        lock (_gate)
        {
            _connected = true;
        }
        HoldRunning(answers);
    }

    private void TakeUnderLock(Generation generation)
    {
        _leases[generation.Id] = generation.AttachReader();
        _ = generation.Completion.ContinueWith(_ => Release(generation.Id), TaskScheduler.Default);
    }

    private void Release(Guid answerId)
    {
        lock (_gate)
        {
            if (_leases.Remove(answerId, out var lease))
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>The circuit is gone for good: release every lease (running answers get the grace period, then stop).</summary>
    public void Dispose() => ConnectionDown();
}
