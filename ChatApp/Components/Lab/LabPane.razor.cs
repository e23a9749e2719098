using System.Globalization;
using ChatApp.Lab;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using Microsoft.AspNetCore.Components;

namespace ChatApp.Components.Lab;

/// <summary>
/// One side of the lab: its knobs, its readouts, and its answer rendered the way the knobs say (see
/// <see cref="LabPaneRenderer"/>). It reads the answer's event log like any reader and renders each frame on the
/// circuit's dispatcher; the browser-side readouts (first character, late frames, characters per second) come in
/// through <see cref="Measured"/>.
/// </summary>
public partial class LabPane
{
    private LabPaneRenderer? _renderer;
    private AnswerView _view = AnswerView.WithoutText();
    private CancellationTokenSource? _following;
    private int _followedRun = -1;

    /// <summary>"a" or "b".</summary>
    [Parameter, EditorRequired]
    public required string Pane { get; set; }

    [Parameter, EditorRequired]
    public required LabPaneSettings Settings { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<LabPreset> Presets { get; set; }

    /// <summary>The answer this pane shows (null before the first Start).</summary>
    [Parameter]
    public LabRun? Run { get; set; }

    [Parameter]
    public LabMeasurement Measured { get; set; } = LabMeasurement.None;

    [Parameter]
    public EventCallback<LabPaneSettings> SettingsChanged { get; set; }

    private string PresetId => Presets.FirstOrDefault(p => p.Settings == Settings)?.Id ?? "custom";

    private long ServerMs => (long)Math.Round(_renderer?.RenderTime.TotalMilliseconds ?? 0);

    // An "all at once" pane shows its spinner until the whole answer is there.
    private GenerationStatus ShownStatus => Run is { Settings.ShowsTextWhileStreaming: false } && !_view.HasEnded ? GenerationStatus.Pending : _view.Status;

    protected override void OnParametersSet()
    {
        if (Run is { } run && run.Number != _followedRun)
        {
            _followedRun = run.Number;
            _following?.Cancel();
            _following = new CancellationTokenSource();
            _renderer = new LabPaneRenderer(run.Settings);
            _view = AnswerView.WithoutText();
            _ = FollowAsync(run.Log, _renderer, _view, _following.Token);
        }
    }

    private async Task FollowAsync(IAnswerLog log, LabPaneRenderer renderer, AnswerView view, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var batch in AnswerLogReader.FollowAsync(log, 0, cancellationToken: cancellationToken))
            {
                // The frame is rendered on the circuit's dispatcher: the renderer's blocks are what the render reads.
                await InvokeAsync(() =>
                {
                    var appended = "";
                    foreach (var e in batch)
                    {
                        if (view.Apply(e) && e is TextAppended text)
                        {
                            appended += text.Text;
                        }
                    }
                    renderer.Frame(appended, view.HasEnded);
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // A new run replaced this one, or the page went away.
        }
    }

    private Task Change(Func<LabPaneSettings, LabPaneSettings> change) => SettingsChanged.InvokeAsync(change(Settings));

    private Task ChoosePreset(string? id) =>
        Presets.FirstOrDefault(p => p.Id == id) is { } preset ? SettingsChanged.InvokeAsync(preset.Settings) : Task.CompletedTask;

    // A number from an input: out of range is brought into it; anything else keeps the current value.
    private static int Whole(object? value, int current, int min, int max) =>
        double.TryParse(value as string, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? (int)Math.Clamp(Math.Round(number), min, max)
            : current;

    private string MarkdownText => Settings.Markdown == LabMarkdown.Naive ? "naive" : "incremental";

    private string HighlightText => Settings.Highlight == LabHighlight.EveryFrame ? "frame" : "fence";

    private static LabMarkdown MarkdownOf(object? value) => value as string == "naive" ? LabMarkdown.Naive : LabMarkdown.Incremental;

    private static LabHighlight HighlightOf(object? value) => value as string == "frame" ? LabHighlight.EveryFrame : LabHighlight.AtClosingFence;

    private static FramePacing FramesOf(string? value) => value switch
    {
        "token" => FramePacing.PerToken,
        "100" => FramePacing.Every100Ms,
        "once" => FramePacing.AllAtOnce,
        _ => FramePacing.Every16Ms,
    };

    public void Dispose()
    {
        _following?.Cancel();
        _following?.Dispose();
    }
}
