using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class FrameTextRunsTests
{
    [Fact]
    public void AGrowingText_KeepsItsRuns_AndTheAppendedCharactersBecomeOneNewRun()
    {
        var runs = new FrameTextRuns();
        var first = runs.For(0, "Hello");
        runs.EndFrame();

        var second = runs.For(0, "Hello, world");
        runs.EndFrame();

        Assert.Equal([(0, 5)], first);
        Assert.Equal([(0, 5), (5, 7)], second);
    }

    [Fact]
    public void AnUnchangedText_KeepsExactlyItsRuns()
    {
        var runs = new FrameTextRuns();
        runs.For(2, "same");
        runs.EndFrame();

        Assert.Equal([(0, 4)], runs.For(2, "same"));
    }

    [Fact]
    public void ATextThatChangedOtherwise_IsCutAfresh()
    {
        var runs = new FrameTextRuns();
        runs.For(0, "a *b");
        runs.EndFrame();

        Assert.Equal(TextRuns.Of("a b").ToList(), runs.For(0, "a b"));
    }

    [Fact]
    public void OnlyTheLastFrameCounts_AndEachTokenHasItsOwnRuns()
    {
        var runs = new FrameTextRuns();
        runs.For(0, "one");
        runs.For(1, "two");
        runs.EndFrame();
        runs.For(1, "two three");
        runs.EndFrame();

        Assert.Equal(TextRuns.Of("one more").ToList(), runs.For(0, "one more")); // token 0 was not in the last frame
        Assert.Equal([(0, 3), (3, 6), (9, 1)], runs.For(1, "two three!"));
    }
}
