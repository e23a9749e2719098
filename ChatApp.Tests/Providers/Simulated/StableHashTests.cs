using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class StableHashTests
{
    [Fact]
    public void OfAll_SameTextsInTheSameOrder_SameHash()
    {
        Assert.Equal(StableHash.OfAll(["system", "/drop hello", null]), StableHash.OfAll(["system", "/drop hello", null]));
    }

    [Fact]
    public void OfAll_TheSameCharactersSplitOrOrderedDifferently_DifferentHashes()
    {
        var hashes = new[]
        {
            StableHash.OfAll(["ab", "c"]),
            StableHash.OfAll(["a", "bc"]),
            StableHash.OfAll(["abc"]),
            StableHash.OfAll(["c", "ab"]),
            StableHash.OfAll(["abc", ""]),
        };

        Assert.Equal(hashes.Length, hashes.Distinct().Count());
    }
}
