using ChatApp.Configuration;
using ChatApp.Conversations;
using ChatApp.Telemetry;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;

namespace ChatApp.Components.Chat;

/// <summary>
/// The scrolling conversation. Its collocated JS module follows the stream while the reader is at the
/// bottom, tells this component when they are away (to show "scroll to bottom"), and reports the
/// browser's frame telemetry once per answer.
/// </summary>
public partial class MessageList
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _follower;
    private DotNetObjectReference<MessageList>? _self;
    private int _appliedFollowToken;
    private bool _away;
    private bool _newContent;

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    [Inject]
    private IOptions<ChatOptions> Options { get; set; } = null!;

    [Inject]
    private BrowserFrameMetrics FrameMetrics { get; set; } = null!;

    [Parameter, EditorRequired]
    public required IReadOnlyList<ChatMessage> Messages { get; set; }

    [Parameter]
    public bool IsBusy { get; set; }

    /// <summary>Read out politely by screen readers (the finished answer), never once per frame.</summary>
    [Parameter]
    public string? Announcement { get; set; }

    [Parameter]
    public EventCallback<ChatMessage> OnRetry { get; set; }

    [Parameter]
    public EventCallback<ChatMessage> OnContinue { get; set; }

    [Parameter]
    public EventCallback<(ChatMessage Message, int Attempt)> OnSelectAttempt { get; set; }

    /// <summary>Which version of an edited prompt a message is.</summary>
    [Parameter]
    public Func<ChatMessage, (int Index, int Count)>? VersionOf { get; set; }

    [Parameter]
    public EventCallback<(ChatMessage Message, string Text)> OnEdit { get; set; }

    [Parameter]
    public EventCallback<(ChatMessage Message, int Version)> OnSelectVersion { get; set; }

    /// <summary>
    /// The follower is attached: from here a reader who scrolls away stays where they scrolled. Until then nothing sees
    /// the wheel, and the follower starts out following, so the page does not count as live before this.
    /// </summary>
    [Parameter]
    public EventCallback OnReady { get; set; }

    /// <summary>Changes when the view must jump to the bottom and follow again (a prompt was sent).</summary>
    [Parameter]
    public int FollowToken { get; set; }

    /// <summary>For a new chat on the simulated model: its scenarios, offered as one-click prompts.</summary>
    [Parameter]
    public IReadOnlyList<(string Keyword, string Description)> Scenarios { get; set; } = [];

    [Parameter]
    public EventCallback<string> OnTry { get; set; }

    [Inject]
    private Telemetry.StreamStatistics Statistics { get; set; } = null!;

    [Inject]
    private Telemetry.AnswerFrameReports FrameReports { get; set; } = null!;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Chat/MessageList.razor.js");
            _follower = await _module.InvokeAsync<IJSObjectReference>("attach", _element, _self, Options.Value.Ui.FollowThresholdPx);
            await OnReady.InvokeAsync(); // the reader's scrolling is followed from now on
        }
        if (_follower is not null && _appliedFollowToken != FollowToken)
        {
            _appliedFollowToken = FollowToken;
            await _follower.InvokeVoidAsync("scrollToBottom");
        }
    }

    /// <summary>The reader left the bottom (or came back), and whether text arrived since.</summary>
    [JSInvokable]
    public void SetFollowState(bool away, bool newContent)
    {
        if (_away == away && _newContent == newContent)
        {
            return;
        }
        _away = away;
        _newContent = newContent;
        StateHasChanged();
    }

    [JSInvokable]
    public void ReportFrameTelemetry(BrowserFrameTelemetry summary)
    {
        FrameMetrics.Record(summary);
        Statistics.Record(summary);
        FrameReports.Record(summary);
    }

    private async Task ScrollToBottomAsync()
    {
        if (_follower is not null)
        {
            await _follower.InvokeVoidAsync("scrollToBottom");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_follower is not null)
            {
                await _follower.InvokeVoidAsync("dispose");
                await _follower.DisposeAsync();
            }
            if (_module is not null)
            {
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The JS side may routinely be gone already if the reason we're disposing is that
            // the client disconnected. This is not an error.
        }
        _self?.Dispose();
    }
}
