namespace ChatApp.E2E.Infrastructure;

/// <summary>All browser tests share one Chromium and run one at a time (the machine has two cores).</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
