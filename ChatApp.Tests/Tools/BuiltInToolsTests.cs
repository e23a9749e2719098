using ChatApp.Tools;
using Microsoft.Extensions.Time.Testing;

namespace ChatApp.Tests.Tools;

public sealed class BuiltInToolsTests
{
    [Theory]
    [InlineData("(17 * 23) + 4", "395")]
    [InlineData("1 / 4", "0.25")]
    [InlineData("Pow(2, 10)", "1024")]
    [InlineData("7 % 3", "1")]
    public void Calculator_EvaluatesExactly(string expression, string expected) =>
        Assert.Equal(expected, new CalculatorTool().Calculate(expression));

    [Theory]
    [InlineData("2 +")]
    [InlineData("")]
    [InlineData("System.IO.File.Delete('x')")]
    public void Calculator_BadExpression_IsAClearError(string expression)
    {
        var error = Assert.Throws<ArgumentException>(() => new CalculatorTool().Calculate(expression));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Time_IsTheClockInTheAskedZone()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal("Thursday, 26 November 2026, 21:00 in Asia/Tokyo (UTC+09:00)", new TimeTool(time).GetCurrentTime("Asia/Tokyo"));
    }

    [Fact]
    public void Time_UnknownZone_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => new TimeTool(TimeProvider.System).GetCurrentTime("Mars/Olympus"));
        Assert.Contains("'Mars/Olympus' is not a known time zone", error.Message);
    }

    [Fact]
    public async Task Timer_GoesOffAfterItsTime()
    {
        var time = new FakeTimeProvider();
        var timer = new TimerTool(time).StartTimerAsync(2, "tea");

        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(timer.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.Equal("The tea timer went off after 2 s.", await timer);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(31)]
    public async Task Timer_OutOfRange_IsAClearError(double seconds) =>
        await Assert.ThrowsAsync<ArgumentException>(() => new TimerTool(TimeProvider.System).StartTimerAsync(seconds));

    [Fact]
    public void AppDocs_ReturnsTheSectionAboutTheTopic()
    {
        var section = new AppDocsTool().ReadAppDocs("tools");

        Assert.StartsWith("## ", section);
        Assert.Contains("Chat:Tools:MaxSteps", section);
    }

    [Fact]
    public void AppDocs_NoTopic_ListsTheSections()
    {
        Assert.StartsWith("Sections of the ChatApp documentation: ", new AppDocsTool().ReadAppDocs(""));
    }

    [Fact]
    public void ToolSet_OffersPluginlessFunctionsUnderTheirOwnNames()
    {
        var tools = new ChatToolSet(TimeProvider.System);

        Assert.Equal(["get_current_time", "calculate", "start_timer", "read_app_docs"], tools.Functions.Select(f => f.Name));
        Assert.All(tools.Functions, f => Assert.Null(f.PluginName));
        Assert.Null(tools.Find("get_weather"));
    }
}
