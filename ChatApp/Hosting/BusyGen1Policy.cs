namespace ChatApp.Hosting;

/// <summary>
/// When to collect generation 1 while answers stream: once a look (a second) while any answer runs, unless the GC
/// collected gen1 itself since the last look. With Server GC and DATAS, what is in flight at each gen0 collection
/// (a token, a frame's events) is promoted to gen1 and dies there, and the GC leaves gen1 to grow for most of a
/// burst: that is much of what a stream costs at the peak beyond its live objects. The runtime's own cap
/// (<c>GCgen1MaxBudget</c>) is read from the environment only, never from the app's configuration, so the app
/// keeps gen1 short itself. Pure: it decides from what it is told.
/// </summary>
public sealed class BusyGen1Policy
{
    private int _gen1CollectionsSeen = -1;

    /// <summary>One look: answers running now and <c>GC.CollectionCount(1)</c>. True means collect gen1 now.</summary>
    public bool ShouldCollect(int activeAnswers, int gen1Collections)
    {
        var collectedSinceLastLook = gen1Collections != _gen1CollectionsSeen;
        _gen1CollectionsSeen = gen1Collections;
        return activeAnswers > 0 && !collectedSinceLastLook;
    }

    /// <summary>After a collection this policy asked for: its own gen1 collection is not the GC's.</summary>
    public void Collected(int gen1Collections) => _gen1CollectionsSeen = gen1Collections;
}
