namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// Which browser tests may run beside each other. Tests that measure time, frames or pacing, or that read what is
/// shared by every app in this process (its meters and activity sources), run <see cref="Alone"/>: after the lanes,
/// with nothing beside them. The rest run in two lanes beside each other, each with its own
/// Chromium. xunit runs as many collections at once as <c>maxParallelThreads</c> (the number of cores) and gives a
/// collection its thread until it ends, so the lanes are balanced by hand from a full run's per-class times
/// (<c>--logger trx</c>).
/// </summary>
public static class E2ECollection
{
    public const string Alone = "browser, alone";
    public const string LaneA = "browser lane A";
    public const string LaneB = "browser lane B";
}

[CollectionDefinition(E2ECollection.Alone, DisableParallelization = true)]
public sealed class AloneCollection : ICollectionFixture<BrowserFixture>;

[CollectionDefinition(E2ECollection.LaneA)]
public sealed class LaneACollection : ICollectionFixture<BrowserFixture>;

[CollectionDefinition(E2ECollection.LaneB)]
public sealed class LaneBCollection : ICollectionFixture<BrowserFixture>;
