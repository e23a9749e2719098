namespace ChatApp.Hosting;

/// <summary>
/// When to give memory back: after a burst of streams has ended and the server has been idle a while, if the GC
/// holds a lot of memory. Server GC keeps the memory a burst grew into (1,000 streams left ~155 MB committed over a
/// live heap of ~12 MB) because nothing allocates once the streams end, so nothing would make it collect again. Pure: it decides from what it is told, so it is tested with plain numbers.
/// </summary>
public sealed class IdleMemoryPolicy(TimeSpan idleFor, long worthReturningBytes)
{
    private DateTimeOffset? _idleSince;
    private bool _busySinceTrim;

    /// <summary>One look: answers running now and how many bytes the GC holds. True means trim now.</summary>
    public bool ShouldTrim(int activeAnswers, long committedBytes, DateTimeOffset now)
    {
        if (activeAnswers > 0)
        {
            _busySinceTrim = true;
            _idleSince = null;
            return false;
        }
        _idleSince ??= now;
        if (!_busySinceTrim || now - _idleSince < idleFor || committedBytes < worthReturningBytes)
        {
            return false;
        }
        _busySinceTrim = false;
        return true;
    }
}
