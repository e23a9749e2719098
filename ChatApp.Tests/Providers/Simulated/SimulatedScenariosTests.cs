using System.Runtime.InteropServices;
using ChatApp.Providers.Simulated;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class SimulatedScenariosTests
{
    [Theory]
    [InlineData("/echo hello world", "hello world")]
    [InlineData("  /echo   spaced out  \n", "spaced out")]
    [InlineData("/ECHO\tafter a tab", "after a tab")]
    [InlineData("/echo", "(nothing to echo)")]
    [InlineData("/echo    ", "(nothing to echo)")]
    public void Echo_AnswersWithTheTextAfterTheKeyword(string prompt, string answer)
    {
        var scenario = SimulatedScenarios.For(prompt);

        Assert.Equal("/echo", scenario.Keyword);
        Assert.Equal(answer, scenario.Answer.ToString());
    }

    [Fact]
    public void Echo_TheAnswerIsASliceOfThePrompt_NotASecondCopy()
    {
        var prompt = "/echo " + new string('x', 6_000);

        var answer = SimulatedScenarios.For(prompt).Answer;

        Assert.True(MemoryMarshal.TryGetString(answer, out var text, out var start, out var length));
        Assert.Same(prompt, text);
        Assert.Equal(("/echo ".Length, 6_000), (start, length));
    }

    [Theory]
    [InlineData("/echoes of the past")]
    [InlineData("please /echo this")]
    public void AKeywordCountsOnlyAsTheWholeFirstWord(string prompt)
    {
        Assert.Equal("", SimulatedScenarios.For(prompt).Keyword);
    }

    [Theory]
    [InlineData("/error", true)]
    [InlineData("/drop", true)]
    [InlineData("/429", true)]
    [InlineData("/stall", true)]
    [InlineData("/length", true)]
    [InlineData("/filter", true)]
    [InlineData("/echo hello", false)]
    [InlineData("/long", false)]
    [InlineData("/slow", false)]
    [InlineData("Explain caching", false)]
    public void CanFail_OnlyForScenariosWithAFailureToApply(string prompt, bool canFail)
    {
        Assert.Equal(canFail, SimulatedScenarios.For(prompt).CanFail);
    }
}
