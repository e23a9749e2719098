using Microsoft.JSInterop;
using ChatApp.Conversations;
using ChatApp.Markdown;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components;

namespace ChatApp.Components.Chat;

/// <summary>
/// One message. An assistant message attaches to its <see cref="Generation"/> and renders once per frame
/// signal, never per token: each frame hands only the new characters to its incremental markdown renderer,
/// and only the open block's component re-renders. It also never sends a new frame before the browser has
/// acknowledged the last one (OnAfterRender runs on the acknowledgement in Blazor Server): a slow browser
/// simply gets fewer, larger frames, each taking all the text that arrived, instead of a growing backlog.
/// </summary>
public partial class MessageItem
{
    private static readonly GenerationSnapshot Empty = new(GenerationStatus.Pending, null, -1, 0, 0);

    private SegmentedAnswerRenderer _answer = new();
    private Generation? _generation;
    private GenerationSnapshot _snapshot = Empty;
    private int _frames;
    private (Generation? Generation, int Version, bool Busy, int Attempts, (int, int) Versions, bool Editing, bool Copied) _rendered;
    private bool _editing;
    private string _editText = "";
    private bool _awaitingBrowser;
    private bool _frameWaiting;
    private bool _copied;
    private IReadOnlyList<Streaming.Structured.StructuredField> _fields = [];
    private string? _structuredError;

    [Inject]
    private Microsoft.JSInterop.IJSRuntime JS { get; set; } = null!;

    [Parameter, EditorRequired]
    public required ChatMessage Message { get; set; }

    /// <summary>Another answer is being generated: retry and continue wait for it.</summary>
    [Parameter]
    public bool IsBusy { get; set; }

    [Parameter]
    public EventCallback OnRetry { get; set; }

    [Parameter]
    public EventCallback OnContinue { get; set; }

    [Parameter]
    public EventCallback<int> OnSelectAttempt { get; set; }

    /// <summary>For a prompt that was edited: which version this is, of how many.</summary>
    [Parameter]
    public (int Index, int Count) Version { get; set; } = (0, 1);

    /// <summary>A prompt edited and sent again (a new branch).</summary>
    [Parameter]
    public EventCallback<string> OnEdit { get; set; }

    [Parameter]
    public EventCallback<int> OnSelectVersion { get; set; }

    protected override void OnParametersSet()
    {
        if (ReferenceEquals(_generation, Message.Generation))
        {
            return;
        }
        // A retry, a continue or another attempt chosen: render that generation from its start.
        if (_generation is not null)
        {
            _generation.FrameReady -= OnFrameReady;
            _answer = new SegmentedAnswerRenderer();
            _snapshot = Empty;
            _awaitingBrowser = false;
        }
        _generation = Message.Generation;
        if (_generation is not null)
        {
            _generation.FrameReady += OnFrameReady;
            TakeFrame();
        }
    }

    // A finished message (or a user's) never re-renders when the page does.
    protected override bool ShouldRender()
    {
        var current = (_generation, _snapshot.Version, IsBusy, Message.Attempts.Count, Version, _editing, _copied);
        if (current == _rendered)
        {
            return false;
        }
        _rendered = current;
        return true;
    }

    private void OnFrameReady() => _ = ApplyFrameAsync();

    private async Task ApplyFrameAsync()
    {
        try
        {
            await InvokeAsync(ApplyFrame);
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone; the generation carries on without this view.
        }
    }

    private void ApplyFrame()
    {
        if (_awaitingBrowser)
        {
            _frameWaiting = true; // the next frame will take everything that arrived meanwhile
            return;
        }
        if (TakeFrame())
        {
            _awaitingBrowser = true;
            StateHasChanged();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        _awaitingBrowser = false;
        if (_frameWaiting)
        {
            _frameWaiting = false;
            ApplyFrame();
        }
    }

    /// <summary>Reads what changed since the last frame; returns whether anything did.</summary>
    private bool TakeFrame()
    {
        var snapshot = _generation!.Snapshot();
        if (snapshot.Version == _snapshot.Version)
        {
            return false;
        }
        var toolsChanged = !ReferenceEquals(snapshot.ToolCalls, _snapshot.ToolCalls); // copy-on-write: a new list means new cards
        _snapshot = snapshot;
        if (snapshot.Length > _answer.Length || toolsChanged)
        {
            // Only up to the snapshot's length: its tool cards describe exactly that text.
            _answer.Append(_generation.ReadText(_answer.Length, snapshot.Length), snapshot.ToolCalls.Select(c => c.TextOffset).Distinct().Order());
            _frames++;
        }
        if (Message.IsStructured)
        {
            // JSON answers are small: the incremental reader reads the whole text each frame.
            var text = _generation.Text;
            _fields = Streaming.Structured.PartialJsonReader.Read(text);
            _structuredError = snapshot.Status == GenerationStatus.Complete ? Streaming.Structured.PartialJsonReader.Validate(text) : null;
            return true;
        }
        _answer.Render(complete: !snapshot.Status.IsActive());
        return true;
    }

    private void StartEdit()
    {
        _editText = Message.Text;
        _editing = true;
    }

    private async Task SaveEditAsync()
    {
        _editing = false;
        await OnEdit.InvokeAsync(_editText.Trim());
    }

    /// <summary>Copies the answer's markdown source, not its rendered HTML.</summary>
    private async Task CopyAsMarkdownAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Message.Text);
            _copied = true;
        }
        catch (Microsoft.JSInterop.JSException)
        {
            // The browser refused clipboard access; nothing else to do.
        }
    }

    // While a tool runs its card's spinner shows progress; a cursor on the text above it would mislead.
    private bool ToolsRunning => _snapshot.ToolCalls.Any(c => c.State == Streaming.Tools.ToolCallState.Running);

    private static string StoppedNote(StopReason? reason) => reason switch
    {
        StopReason.Disconnected => "Stopped: the page was disconnected. The text so far is kept.",
        StopReason.Shutdown => "Stopped: the server was restarting. The text so far is kept.",
        _ => "Stopped. The text so far is kept.",
    };

    public void Dispose()
    {
        if (_generation is not null)
        {
            _generation.FrameReady -= OnFrameReady;
        }
    }
}
