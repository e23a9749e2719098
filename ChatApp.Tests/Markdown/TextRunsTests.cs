using ChatApp.Markdown;

namespace ChatApp.Tests.Markdown;

public sealed class TextRunsTests
{
    private static string[] Runs(string text) => TextRuns.Of(text).Select(r => text.Substring(r.Start, r.Length)).ToArray();

    [Fact]
    public void Runs_MakeUpTheText_AndEndAfterWhitespaceOnceLongEnough()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"word{i}"));

        var runs = Runs(text);

        Assert.Equal(text, string.Concat(runs));
        Assert.True(runs.Length > 5);
        Assert.All(runs.SkipLast(1), run =>
        {
            Assert.True(run.Length >= TextRuns.MinLength);
            Assert.True(char.IsWhiteSpace(run[^1]));
        });
    }

    [Fact]
    public void EveryPrefix_HasTheSameRunsExceptItsLast()
    {
        var random = new Random(3);
        var words = new[] { "a", "stream", "of", "tokens", "😀", "über", "x\n", "verylongwordwithoutanyspaceatall", "🧪🧪" };
        var text = string.Concat(Enumerable.Range(0, 400).Select(_ => words[random.Next(words.Length)] + (random.Next(4) == 0 ? "" : " ")))
                   + new string('z', 700);
        var full = TextRuns.Of(text).ToList();

        for (var length = 1; length <= text.Length; length++)
        {
            var prefix = TextRuns.Of(text[..length]).ToList();
            Assert.Equal(full.Take(prefix.Count - 1), prefix.SkipLast(1));
            Assert.Equal(full[prefix.Count - 1].Start, prefix[^1].Start);
        }
    }

    [Fact]
    public void AWordLongerThanTheLimit_IsCutAtTheLimit_NeverInsideASurrogatePair()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 300));

        var runs = Runs(text);

        Assert.Equal(text, string.Concat(runs));
        Assert.All(runs, run =>
        {
            Assert.InRange(run.Length, 1, TextRuns.MaxLength + 1);
            Assert.False(char.IsHighSurrogate(run[^1]));
            Assert.False(char.IsLowSurrogate(run[0]));
        });
    }

    [Fact]
    public void EmptyText_HasNoRuns() => Assert.Empty(TextRuns.Of(""));
}
