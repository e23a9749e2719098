using ChatApp.Lab;

namespace ChatApp.Tests.Lab;

public sealed class LabPresetTests
{
    [Fact]
    public void Presets_AreTheSeedsCases_WithTheirDistinguishingKnobs()
    {
        var presets = LabPreset.All(defaultFirstTokenMs: 300, defaultTokensPerSecond: 65).ToDictionary(p => p.Id);

        Assert.Equal(["wall", "cloud", "local", "per-token", "defaults"], presets.Keys);
        Assert.Equal((FramePacing.AllAtOnce, true), (presets["wall"].Settings.Frames, presets["wall"].Settings.Thinking));
        Assert.False(presets["wall"].Settings.ShowsTextWhileStreaming);
        Assert.Equal(450, presets["cloud"].Settings.FirstTokenMs);
        Assert.Equal(80, presets["local"].Settings.FirstTokenMs);
        Assert.Equal((FramePacing.PerToken, LabMarkdown.Naive, LabHighlight.EveryFrame),
            (presets["per-token"].Settings.Frames, presets["per-token"].Settings.Markdown, presets["per-token"].Settings.Highlight));
        Assert.Equal((300, 65.0, FramePacing.Every16Ms, LabMarkdown.Incremental, LabHighlight.AtClosingFence),
            (presets["defaults"].Settings.FirstTokenMs, presets["defaults"].Settings.TokensPerSecond, presets["defaults"].Settings.Frames,
             presets["defaults"].Settings.Markdown, presets["defaults"].Settings.Highlight));
        Assert.Equal(presets.Count, presets.Values.Select(p => p.Settings).Distinct().Count());
    }

    [Theory]
    [InlineData(FramePacing.PerToken, 0.0001)]
    [InlineData(FramePacing.Every16Ms, 16)]
    [InlineData(FramePacing.Every100Ms, 100)]
    [InlineData(FramePacing.AllAtOnce, 16)]
    public void FramePacing_SetsTheServersFrameInterval(FramePacing frames, double milliseconds)
    {
        var settings = LabPreset.All(300, 65)[1].Settings with { Frames = frames };

        Assert.Equal(milliseconds, settings.FrameInterval.TotalMilliseconds);
    }
}
