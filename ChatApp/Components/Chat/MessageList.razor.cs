using ChatApp.Conversations;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace ChatApp.Components.Chat;

/// <summary>The scrolling conversation. Its collocated JS module follows the stream while the reader is at the bottom.</summary>
public partial class MessageList
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _follower;
    private int _appliedFollowToken;

    [Parameter, EditorRequired]
    public required IReadOnlyList<ChatMessage> Messages { get; set; }

    [Parameter]
    public bool IsBusy { get; set; }

    [Parameter]
    public EventCallback<ChatMessage> OnRetry { get; set; }

    [Parameter]
    public EventCallback<ChatMessage> OnContinue { get; set; }

    [Parameter]
    public EventCallback<(ChatMessage Message, int Attempt)> OnSelectAttempt { get; set; }

    /// <summary>Changes when the view must jump to the bottom and follow again (a prompt was sent).</summary>
    [Parameter]
    public int FollowToken { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./Components/Chat/MessageList.razor.js");
            _follower = await _module.InvokeAsync<IJSObjectReference>("attach", _element);
        }
        if (_follower is not null && _appliedFollowToken != FollowToken)
        {
            _appliedFollowToken = FollowToken;
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
    }
}
