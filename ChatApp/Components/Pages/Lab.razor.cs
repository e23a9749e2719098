using ChatApp.Components.Lab;
using ChatApp.Lab;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ChatApp.Components.Pages;

/// <summary>
/// <c>/lab</c>: one prompt answered in two panes at once, each with its own pace and way of showing text, so a
/// product team can show why streaming wins without writing code. The knobs live in the URL query
/// (<see cref="LabQuery"/>); the browser measures what the eye sees (Lab.razor.js) and reports it back.
/// </summary>
public partial class Lab : IAsyncDisposable
{
    private static readonly string[] StreamingScenarios = ["/code", "/long", "/table", "/emphasis", "/markdown"];
    private readonly Dictionary<string, LabRun> _runs = [];
    private readonly Dictionary<string, LabMeasurement> _measured = [];
    private readonly List<Generation> _running = [];
    private readonly List<string> _problems = [];
    private IReadOnlyList<LabPreset> _presets = [];
    private LabState _state = null!;
    private ElementReference _root;
    private IJSObjectReference? _module;
    private DotNetObjectReference<Lab>? _self;
    private bool _interactive;
    private int _runNumber;

    [Inject]
    private LabAnswers Answers { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    // The streaming scenarios, plus whatever prompt a link brought.
    private IEnumerable<(string Keyword, string Description)> Prompts
    {
        get
        {
            var known = SimulatedScenarios.Catalog.Where(s => StreamingScenarios.Contains(s.Keyword)).ToList();
            return known.Any(s => s.Keyword == _state.Prompt) ? known : [.. known, (_state.Prompt, "from the link")];
        }
    }

    protected override void OnInitialized()
    {
        _presets = Answers.Presets;
        _state = LabQuery.Parse(new Uri(Navigation.Uri).Query, LabState.Default(_presets), _problems);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }
        _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Pages/Lab.razor.js");
        _self = DotNetObjectReference.Create(this);
        await _module.InvokeVoidAsync("watch", _root, _self);
        _interactive = true; // tests and tools know when the page is live
        StateHasChanged();
    }

    private void Change(LabState state)
    {
        _state = state;
        _problems.Clear();
        // The address bar always holds the demo: copy it and the other side sees the same knobs.
        Navigation.NavigateTo("/lab" + LabQuery.ToQueryString(state), new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private void Start()
    {
        StopRunning();
        _runNumber++;
        _measured.Clear();
        foreach (var pane in new[] { "a", "b" })
        {
            var settings = _state.Pane(pane);
            var generation = Answers.Start(settings, _state.Prompt);
            _running.Add(generation);
            _runs[pane] = new LabRun(_runNumber, generation.Log, settings);
        }
    }

    /// <summary>The browser's figures for a pane (throttled by the page's script).</summary>
    [JSInvokable]
    public Task Measured(string pane, long firstCharMs, int lateFrames, long charsPerSecond) => InvokeAsync(() =>
    {
        _measured[pane] = new LabMeasurement(firstCharMs, lateFrames, charsPerSecond);
        StateHasChanged();
    });

    private void StopRunning()
    {
        foreach (var generation in _running)
        {
            generation.Stop();
        }
        _running.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        StopRunning();
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The circuit is gone; so is the module.
            }
        }
        _self?.Dispose();
    }
}
