namespace ChatApp.Lab;

/// <summary>A named set of knobs, after the cases the streaming argument is made with.</summary>
public sealed record LabPreset(string Id, string Name, LabPaneSettings Settings)
{
    /// <summary>The presets, "this app's defaults" from the configured simulated model's pace.</summary>
    public static IReadOnlyList<LabPreset> All(int defaultFirstTokenMs, double defaultTokensPerSecond) =>
    [
        new("wall", "Spinner, then a wall of text",
            new(450, 60, 35, FramePacing.AllAtOnce, LabMarkdown.Incremental, LabHighlight.AtClosingFence, Cursor: false, Thinking: true, AutoScroll: true)),
        new("cloud", "Cloud model, TTFT 450 ms",
            new(450, 60, 35, FramePacing.Every16Ms, LabMarkdown.Incremental, LabHighlight.AtClosingFence, Cursor: true, Thinking: true, AutoScroll: true)),
        new("local", "Local model, TTFT 80 ms",
            new(80, 30, 20, FramePacing.Every16Ms, LabMarkdown.Incremental, LabHighlight.AtClosingFence, Cursor: true, Thinking: true, AutoScroll: true)),
        new("per-token", "One render per token",
            new(450, 60, 35, FramePacing.PerToken, LabMarkdown.Naive, LabHighlight.EveryFrame, Cursor: true, Thinking: true, AutoScroll: true)),
        new("defaults", "This app's defaults",
            new(defaultFirstTokenMs, defaultTokensPerSecond, 35, FramePacing.Every16Ms, LabMarkdown.Incremental, LabHighlight.AtClosingFence, Cursor: true, Thinking: true, AutoScroll: true)),
    ];
}
