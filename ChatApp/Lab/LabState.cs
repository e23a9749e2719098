namespace ChatApp.Lab;

/// <summary>Everything a lab demo is: the prompt and both panes' knobs (all of it lives in the page's URL).</summary>
public sealed record LabState(string Prompt, LabPaneSettings A, LabPaneSettings B)
{
    public const string DefaultPrompt = "/code";

    /// <summary>The first demo: a spinner then a wall of text beside the same answer streamed like a cloud model.</summary>
    public static LabState Default(IReadOnlyList<LabPreset> presets) =>
        new(DefaultPrompt, presets.Single(p => p.Id == "wall").Settings, presets.Single(p => p.Id == "cloud").Settings);

    public LabPaneSettings Pane(string pane) => pane == "a" ? A : B;

    public LabState WithPane(string pane, LabPaneSettings settings) => pane == "a" ? this with { A = settings } : this with { B = settings };
}
