using Bunit;
using ChatApp.Components.Lab;
using ChatApp.Lab;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using MudBlazor.Services;

namespace ChatApp.Tests.Components.Lab;

/// <summary>A lab pane's knobs map to its settings, its presets set every knob, and its answer shows as they say.</summary>
public sealed class LabPaneTests : BunitContext
{
    private static readonly IReadOnlyList<LabPreset> Presets = LabPreset.All(300, 65);
    private static readonly LabPaneSettings Cloud = Presets.Single(p => p.Id == "cloud").Settings;
    private LabPaneSettings? _changed;

    public LabPaneTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    private IRenderedComponent<LabPane> RenderPane(LabPaneSettings settings, LabRun? run = null) => Render<LabPane>(parameters => parameters
        .Add(p => p.Pane, "a")
        .Add(p => p.Settings, settings)
        .Add(p => p.Presets, Presets)
        .Add(p => p.Run, run)
        .Add(p => p.SettingsChanged, (LabPaneSettings s) => _changed = s));

    [Theory]
    [InlineData("ttft", "1234")]
    [InlineData("tps", "77")]
    [InlineData("jitter", "15")]
    [InlineData("frames", "token")]
    [InlineData("frames", "once")]
    [InlineData("md", "naive")]
    [InlineData("hl", "frame")]
    public void AKnob_ChangesOnlyItsSetting(string knob, string value)
    {
        var cut = RenderPane(Cloud);

        cut.Find($"[data-knob={knob}]").Change(value);

        var expected = knob switch
        {
            "ttft" => Cloud with { FirstTokenMs = 1234 },
            "tps" => Cloud with { TokensPerSecond = 77 },
            "jitter" => Cloud with { JitterPercent = 15 },
            "frames" => Cloud with { Frames = value == "token" ? FramePacing.PerToken : FramePacing.AllAtOnce },
            "md" => Cloud with { Markdown = LabMarkdown.Naive },
            _ => Cloud with { Highlight = LabHighlight.EveryFrame },
        };
        Assert.Equal(expected, _changed);
    }

    [Theory]
    [InlineData("cursor")]
    [InlineData("thinking")]
    [InlineData("scroll")]
    public void ASwitch_TurnsItsSettingOff(string knob)
    {
        var cut = RenderPane(Cloud);

        cut.Find($"[data-knob={knob}]").Change(false);

        Assert.Equal(knob switch { "cursor" => Cloud with { Cursor = false }, "thinking" => Cloud with { Thinking = false }, _ => Cloud with { AutoScroll = false } }, _changed);
    }

    [Fact]
    public void ANumberOutOfRange_IsBroughtIntoIt_AndTextKeepsTheValue()
    {
        var cut = RenderPane(Cloud);

        cut.Find("[data-knob=tps]").Change("5000");
        Assert.Equal(1000, _changed!.TokensPerSecond);
        cut.Find("[data-knob=ttft]").Change("soon");
        Assert.Equal(Cloud.FirstTokenMs, _changed!.FirstTokenMs);
    }

    [Fact]
    public void APreset_SetsEveryKnob_AndShowsAsChosenWhenTheKnobsMatchIt()
    {
        var cut = RenderPane(Cloud);
        Assert.Equal("cloud", cut.Find("[data-testid=lab-preset]").GetAttribute("value"));

        cut.Find("[data-testid=lab-preset]").Change("per-token");
        Assert.Equal(Presets.Single(p => p.Id == "per-token").Settings, _changed);

        var custom = RenderPane(Cloud with { JitterPercent = 3 });
        Assert.Equal("custom", custom.Find("[data-testid=lab-preset]").GetAttribute("value"));
    }

    [Fact]
    public async Task AnAllAtOncePane_ShowsItsSpinnerUntilTheEnd_ThenTheWholeAnswerInOneFrame()
    {
        var log = new InProcessAnswerLog(Guid.NewGuid());
        log.Append(new AnswerStarted("Simulated (lab)", DateTimeOffset.UnixEpoch, "", [], null));
        var cut = RenderPane(Cloud, new LabRun(1, log, Cloud with { Frames = FramePacing.AllAtOnce }));

        log.Append(new TextAppended("Hello "));
        log.Append(new TextAppended("**world**"));
        await Task.Delay(200);
        Assert.Equal("pending", cut.Find("[data-testid=message]").GetAttribute("data-status"));
        Assert.Single(cut.FindAll("[data-testid=thinking-indicator]"));
        Assert.Equal("", cut.Find("[data-testid=message-content]").TextContent.Trim());

        log.Append(new AnswerEnded(StreamOutcome.Completed, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, 2));
        cut.WaitForAssertion(() => Assert.Equal("complete", cut.Find("[data-testid=message]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        Assert.Equal("Hello world", cut.Find("[data-testid=message-content]").TextContent.Trim());
        Assert.Equal("1", cut.Find("[data-testid=message-content]").GetAttribute("data-frames"));
        Assert.Equal("1", cut.Find("[data-testid=lab-readout][data-metric=frames]").TextContent);
    }
}
