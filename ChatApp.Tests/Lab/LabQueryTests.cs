using ChatApp.Lab;

namespace ChatApp.Tests.Lab;

public sealed class LabQueryTests
{
    private static readonly IReadOnlyList<LabPreset> Presets = LabPreset.All(300, 65);
    private static readonly LabState Defaults = LabState.Default(Presets);

    [Fact]
    public void Parse_OfToQueryString_GivesBackEveryKnobOfBothPanes()
    {
        var state = new LabState("/long",
            new LabPaneSettings(123, 42.5, 7, FramePacing.Every100Ms, LabMarkdown.Naive, LabHighlight.EveryFrame, Cursor: false, Thinking: false, AutoScroll: false),
            new LabPaneSettings(9000, 999, 100, FramePacing.PerToken, LabMarkdown.Incremental, LabHighlight.AtClosingFence, Cursor: true, Thinking: true, AutoScroll: true));
        var problems = new List<string>();

        var query = LabQuery.ToQueryString(state);
        var parsed = LabQuery.Parse(query, Defaults, problems);

        Assert.Equal(state, parsed);
        Assert.Empty(problems);
        Assert.StartsWith("?prompt=%2Flong&a.ttft=123&a.tps=42.5&a.jitter=7&a.frames=100&a.md=naive&a.hl=frame&a.cursor=off", query);
    }

    [Fact]
    public void Parse_OfAnEmptyQuery_IsTheDefaultDemo_SpinnerBesideACloudModel()
    {
        var parsed = LabQuery.Parse("", Defaults, []);

        Assert.Equal((LabState.DefaultPrompt, FramePacing.AllAtOnce, FramePacing.Every16Ms), (parsed.Prompt, parsed.A.Frames, parsed.B.Frames));
        Assert.Equal(Presets.Single(p => p.Id == "wall").Settings, parsed.A);
    }

    [Fact]
    public void Parse_KeepsTheDefaultForAValueItCannotRead_AndNamesIt()
    {
        var problems = new List<string>();

        var parsed = LabQuery.Parse("?a.ttft=soon&b.frames=sometimes&b.tps=5000&a.cursor=maybe&b.jitter=20", Defaults, problems);

        Assert.Equal((Defaults.A.FirstTokenMs, Defaults.B.Frames, Defaults.B.TokensPerSecond, Defaults.A.Cursor), (parsed.A.FirstTokenMs, parsed.B.Frames, parsed.B.TokensPerSecond, parsed.A.Cursor));
        Assert.Equal(20, parsed.B.JitterPercent);
        Assert.Collection(problems,
            p => Assert.StartsWith("a.ttft: 'soon' is not a number from 0 to 10000", p),
            p => Assert.StartsWith("a.cursor: 'maybe' is not one of on, off", p),
            p => Assert.StartsWith("b.tps: '5000' is not a number from 1 to 1000", p),
            p => Assert.StartsWith("b.frames: 'sometimes' is not one of token, 16, 100, once", p));
    }
}
