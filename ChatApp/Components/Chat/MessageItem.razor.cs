using System.Diagnostics;
using Microsoft.JSInterop;
using ChatApp.Conversations;
using ChatApp.Markdown;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using Microsoft.AspNetCore.Components;

namespace ChatApp.Components.Chat;

/// <summary>
/// One message. An assistant message is a reader of its answer's event log: it subscribes, reads the events
/// after the last sequence it applied, and renders once per frame, never per token: the frame's markdown comes
/// from the answer's shared rendering (rendered once for all its readers), and only the content and its open
/// block's component re-render. It
/// never holds the producer, so a second tab, a reload or a restored answer read exactly the same way. It also
/// never sends a new frame before the browser has acknowledged the last one (the content's OnAfterRender runs on the
/// acknowledgement in Blazor Server): a slow browser simply gets fewer, larger frames, each taking all the
/// events that arrived, instead of a growing backlog.
/// </summary>
public partial class MessageItem
{
    private AnswerContentState _state = new();
    private AnswerContent? _content;
    private SharedAnswerRendering? _rendering;
    private long _lastFrameAt;
    private int _shownLength;
    private IAnswerLog? _log;
    private IDisposable? _subscription;
    private (IAnswerLog? Log, ShellKey Shell, bool Busy, int Attempts, (int, int) Versions, (bool, string?) Editing, bool Copied, bool Details, int Reports) _rendered;
    private bool _detailsOpen;
    private int _reports;
    private bool _editing;
    private string _editText = "";
    private ElementReference _editBox;
    private string? _editTooLong;

    [Inject]
    private Microsoft.Extensions.Options.IOptions<ChatApp.Configuration.ChatOptions> ChatOptions { get; set; } = null!;
    private bool _awaitingBrowser;
    private bool _watchingAcknowledgement;
    private bool _disposed;
    private bool _frameWaiting;
    private bool _reading;
    private bool _copied;

    [Inject]
    private Microsoft.JSInterop.IJSRuntime JS { get; set; } = null!;

    [Inject]
    private ReaderPacing Pacing { get; set; } = null!;

    [Inject]
    private StreamMetrics Metrics { get; set; } = null!;

    [Inject]
    private AnswerRenderings Renderings { get; set; } = null!;

    [Inject]
    private Telemetry.AnswerFrameReports FrameReports { get; set; } = null!;

    private string DetailsId => $"details-{_log?.AnswerId:N}";

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

    protected override void OnInitialized() => FrameReports.Reported += OnFrameReport;

    // The browser's measurements of this answer arrived: its details show them.
    private void OnFrameReport(Guid answerId)
    {
        if (answerId == _log?.AnswerId)
        {
            _reports++;
            _ = InvokeAsync(StateHasChanged);
        }
    }

    protected override async Task OnParametersSetAsync()
    {
        if (ReferenceEquals(_log, Message.Log))
        {
            return;
        }
        // A retry, a continue or another attempt chosen: render that answer's log from its start.
        _subscription?.Dispose();
        _subscription = null;
        _state = new AnswerContentState { IsStructured = Message.IsStructured, Sent = _state.Sent };
        _shownLength = 0;
        _awaitingBrowser = false;
        _log = Message.Log;
        if (_log is not null)
        {
            _rendering = Renderings.For(_log);
            _subscription = _log.Subscribe(OnAppended);
            await TakeFrameAsync();
        }
    }

    private AnswerView _view => _state.View;

    // A finished message (or a user's) never re-renders when the page does; a frame that changes only the text
    // re-renders only the content (see ApplyFrame).
    protected override bool ShouldRender()
    {
        var current = RenderKey();
        if (current == _rendered)
        {
            return false;
        }
        _rendered = current;
        return true;
    }

    private (IAnswerLog?, ShellKey, bool, int, (int, int), (bool, string?), bool, bool, int) RenderKey() =>
        (_log, Shell(), IsBusy, Message.Attempts.Count, Version, (_editing, _editTooLong), _copied, _detailsOpen, _reports);

    // What the message shows of its answer outside the content (a record: tuple == would compare a boxed one by reference).
    private ShellKey Shell() =>
        new(_view.Status, _view.StatusLine, _view.StillWaiting, _view.ProviderName, _view.ContinuedFrom, _view.Outcome, _view.Length > 0);

    private readonly record struct ShellKey(GenerationStatus Status, string? StatusLine, bool StillWaiting, string ProviderName,
        string? ContinuedFrom, StreamOutcome? Outcome, bool HasText);

    private void OnAppended() => _ = ApplyFrameAsync();

    private async Task ApplyFrameAsync()
    {
        try
        {
            await InvokeAsync(ApplyFrame);
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone; the answer carries on without this reader.
        }
    }

    private async Task ApplyFrame()
    {
        // Until the first text is on screen no frame waits for an acknowledgement: the frames before it are only
        // status changes, and the first character must not queue behind the pending answer's render.
        if (_reading || (_awaitingBrowser && _view.Length > 0))
        {
            _frameWaiting = true; // the next frame will take everything that arrived meanwhile
            return;
        }
        if (await TakeFrameAsync() && Send())
        {
            return;
        }
        if (_frameWaiting)
        {
            // Nudged while reading, and the read showed nothing new: the nudge's events are still to be read.
            _frameWaiting = false;
            await ApplyFrame();
        }
    }

    /// <summary>
    /// Sends the frame just taken; false when it would change nothing on screen (text that renders as nothing, such
    /// as the line break ending a paragraph before the next one starts): then nothing goes, and nothing is waited for.
    /// </summary>
    private bool Send()
    {
        // Set before rendering: a renderer that acknowledges at once (bUnit's) opens the gate again inside the render.
        var (awaited, sent, at) = (_awaitingBrowser, _state.Sent, _lastFrameAt);
        _awaitingBrowser = true;
        _state.Sent++;
        _lastFrameAt = Stopwatch.GetTimestamp();
        if (_content is null || RenderKey() != _rendered)
        {
            StateHasChanged();
        }
        else if (!_content.Refresh()) // only the text changed: the message around it is not rendered again
        {
            (_awaitingBrowser, _state.Sent, _lastFrameAt) = (awaited, sent, at); // nothing went: as if this frame never was
            return false;
        }
        if (!_watchingAcknowledgement)
        {
            _ = WatchAcknowledgementAsync();
        }
        return true;
    }

    /// <summary>
    /// How long a frame may wait for the browser's acknowledgement before the next one goes anyway. Blazor runs
    /// after-render only for a component still in the tree when the acknowledgement comes, and only for a batch it
    /// did not cancel: an acknowledgement that never comes must cost a reader a pause, never the rest of the answer.
    /// </summary>
    public static readonly TimeSpan AcknowledgementPatience = TimeSpan.FromSeconds(2);

    // One watch per reader while frames are in flight (a timer every couple of seconds, not one per frame).
    private async Task WatchAcknowledgementAsync()
    {
        _watchingAcknowledgement = true;
        try
        {
            while (_awaitingBrowser && !_disposed)
            {
                var waited = Stopwatch.GetElapsedTime(_lastFrameAt);
                if (waited >= AcknowledgementPatience)
                {
                    Metrics.RecordAcknowledgementOverdue();
                    Release(_state.Sent); // as if the newest frame had been acknowledged: the next one takes everything since
                    break;
                }
                await Task.Delay(AcknowledgementPatience - waited); // resumes on the circuit's dispatcher
            }
        }
        finally
        {
            _watchingAcknowledgement = false;
        }
    }

    // The content renders whenever the message does, and on its own for text-only frames: the after-render (the
    // browser's acknowledgement) of a render that showed the newest frame is when the next frame may go.
    private void OnContentRendered(long frame)
    {
        // A busy server paces readers (fewer, larger frames); meanwhile arrivals wait, as they do for the browser.
        var wait = _view.Length > 0 ? Pacing.Interval - Stopwatch.GetElapsedTime(_lastFrameAt) : TimeSpan.Zero;
        if (wait > TimeSpan.Zero)
        {
            _ = ReleaseAfterAsync(wait, frame);
            return;
        }
        Release(frame);
    }

    private async Task ReleaseAfterAsync(TimeSpan wait, long frame)
    {
        try
        {
            await Task.Delay(wait);
            await InvokeAsync(() => Release(frame));
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private void Release(long shownFrame)
    {
        if (shownFrame < _state.Sent)
        {
            return; // an earlier render reached the browser (or was already answered); the newest frame is still on its way
        }
        _awaitingBrowser = false;
        if (_frameWaiting)
        {
            _frameWaiting = false;
            _ = ApplyFrame();
        }
    }

    // One batch for the reader's life, refilled by every frame's read.
    private readonly List<AnswerEvent> _batch = [];

    /// <summary>Reads and applies the events after the last one applied; returns whether there were any.</summary>
    private async Task<bool> TakeFrameAsync()
    {
        var log = _log!;
        var events = _reading ? [] : _batch; // another attempt chosen while a read is pending gets its own
        events.Clear();
        _reading = true;
        try
        {
            await log.ReadAfterAsync(_view.Sequence, events);
        }
        finally
        {
            _reading = false;
        }
        if (!ReferenceEquals(log, _log))
        {
            return false; // another attempt was chosen while reading
        }
        var toolsBefore = _view.ToolCalls;
        if (_view.Apply(events) == 0)
        {
            return false;
        }
        var toolsChanged = !ReferenceEquals(_view.ToolCalls, toolsBefore); // copy-on-write: a new list means new cards
        if (_view.Length > _shownLength || toolsChanged)
        {
            _shownLength = _view.Length;
            _state.Frames++;
        }
        if (Message.IsStructured)
        {
            // JSON answers are small: the incremental reader reads the whole text each frame.
            var text = _view.Text;
            _state.Fields = Streaming.Structured.PartialJsonReader.Read(text);
            _state.StructuredError = _view.Status == GenerationStatus.Complete ? Streaming.Structured.PartialJsonReader.Validate(text) : null;
            return true;
        }
        // Rendered once per frame for all of this answer's readers (whoever reads first renders it).
        _state.Rendered = _rendering!.RenderUpTo(_view);
        return true;
    }

    private void StartEdit()
    {
        _editText = Message.Text;
        _editing = true;
    }

    private async Task SaveEditAsync()
    {
        await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Chat/Composer.razor.js");
        var text = await module.InvokeAsync<IJSStreamReference>("readText", _editBox);
        await using var stream = await text.OpenReadStreamAsync(maxAllowedSize: 64L * 1024 * 1024);
        var edited = (await new StreamReader(stream, System.Text.Encoding.UTF8).ReadToEndAsync()).Trim();
        var limit = ChatOptions.Value.Limits.MaxPromptChars;
        _editTooLong = edited.Length > limit
            ? $"This prompt has {edited.Length:N0} characters; this server takes at most {limit:N0} (Chat:Limits:MaxPromptChars). Shorten it to send it."
            : null;
        if (edited.Length == 0 || _editTooLong is not null)
        {
            return; // keep editing: nothing is lost
        }
        _editing = false;
        await OnEdit.InvokeAsync(edited);
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

    private static string StoppedNote(StopReason? reason) => reason switch
    {
        StopReason.Disconnected => "Stopped: the page was disconnected. The text so far is kept.",
        StopReason.Shutdown => "Stopped: the server was restarting. The text so far is kept.",
        _ => "Stopped. The text so far is kept.",
    };

    public void Dispose()
    {
        _disposed = true;
        _subscription?.Dispose();
        FrameReports.Reported -= OnFrameReport;
    }
}
