using ChatApp.Configuration;
using ChatApp.Providers.Simulated;
using ChatApp.Answers;
using ChatApp.Conversations;
using ChatApp.Identity;
using ChatApp.Markdown;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components;

namespace ChatApp.Components.Chat;

/// <summary>
/// The chat page: renders the circuit's <see cref="ChatSession"/> and passes input on. It re-renders only
/// when the conversation's shape changes (a message added, an answer ended, another conversation opened);
/// streaming text is rendered frame by frame by the streaming message's own <see cref="MessageItem"/>.
/// </summary>
public partial class ChatPage
{
    private bool _composerReady;   // data-interactive waits for it: the contract says a test may type then
    private bool _listReady;       // and for the list's follower: a reader may scroll then
    private IReadOnlyList<ChatMessage> _messages = [];
    private IReadOnlyList<ConversationListing> _conversations = [];
    private int _followToken;
    private int _providerIndex;
    private bool _structured;
    private string? _announcement;
    private string? _title;
    private bool _notFound;
    private string _query = "";
    private ConversationListing? _deleted;
    private string? _limitNotice;
    // Below ~768 px the conversation list is a drawer; it closes whenever the shown conversation changes.
    private bool _sidebarOpen;
    private int _refreshes;
    private CancellationTokenSource? _undoWindow;
    private bool _disposed;

    [CascadingParameter]
    public ChatOwner? Owner { get; set; }

    /// <summary>The conversation in the address (<c>/c/{id}</c>); none for a new chat.</summary>
    [Parameter]
    public Guid? ConversationId { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (ConversationId != Session.ConversationId)
        {
            // Another conversation is shown: the drawer it was picked from closes. Not when the new chat just got its
            // address (it comes once storage has caught up, maybe seconds later, while the reader has the drawer open).
            _sidebarOpen = false;
        }
        if (!RendererInfo.IsInteractive)
        {
            return; // the prerender shows the empty page; the live circuit loads the conversation
        }
        Session.SetOwner(Owner?.Id ?? "");
        _notFound = false;
        if (ConversationId is { } id && id != Session.ConversationId)
        {
            if (!await Session.OpenAsync(id))
            {
                _notFound = true;
                Session.NewChat();
            }
            _followToken++;
            WatchRunningAnswer();
        }
        else if (ConversationId is null && Session.ConversationId is not null)
        {
            Session.NewChat();
        }
        _messages = Session.Messages;
        await RefreshConversationsAsync();
    }

    // On the simulated model a new chat offers its scenarios (not /echo: it needs text of its own).
    private IReadOnlyList<(string Keyword, string Description)> FirstRunScenarios =>
        Session.Providers.Providers.ElementAtOrDefault(_providerIndex)?.Kind == ProviderKinds.Simulated
            ? SimulatedScenarios.Catalog.Where(s => s.Keyword != "/echo").ToList()
            : [];

    private Task TryScenarioAsync(string keyword) => SendAsync(new ComposerSubmission(keyword, []));

    /// <summary>Sends the composer's prompt; false (the draft stays) when nothing was sent, e.g. a limit refused it.</summary>
    private async Task<bool> SendAsync(ComposerSubmission submission)
    {
        if (Session.Active is not null || (string.IsNullOrWhiteSpace(submission.Prompt) && submission.Images.Count == 0))
        {
            return false;
        }
        var wasNew = Session.ConversationId is null;
        ChatMessage reply;
        try
        {
            reply = await Session.SendAsync(submission.Prompt, _providerIndex, _structured, submission.Images);
        }
        catch (LimitExceededException refusal)
        {
            _limitNotice = refusal.Message;
            StateHasChanged();
            return false;
        }
        _limitNotice = null;
        _messages = Session.Messages;
        _followToken++; // sending always brings the new prompt into view
        _ = RenderWhenEndedAsync(reply.Generation!);
        var created = wasNew ? Session.ConversationId : null;
        StateHasChanged(); // the prompt and the pending answer show now; storage catches up below
        await Session.FlushWritesAsync();
        if (created is { } id && Session.ConversationId == id)
        {
            // The new conversation gets its address once it is stored (a reload or a shared link finds it), without
            // reloading the page; not if the user has moved to another conversation meanwhile. The address change
            // refreshes the conversation list (OnParametersSetAsync), so the send does not read it a second time.
            Navigation.NavigateTo($"/c/{id}", replace: true);
            return true;
        }
        await RefreshConversationsAsync();
        return true;
    }

    private async Task EditAsync((ChatMessage Message, string Text) edit)
    {
        if (Session.Active is not null || string.IsNullOrWhiteSpace(edit.Text))
        {
            return;
        }
        ChatMessage reply;
        try
        {
            reply = await Session.EditAndResendAsync(edit.Message, edit.Text, _providerIndex, _structured);
        }
        catch (LimitExceededException refusal)
        {
            _limitNotice = refusal.Message;
            return;
        }
        _limitNotice = null;
        _messages = Session.Messages;
        _followToken++;
        _ = RenderWhenEndedAsync(reply.Generation!);
        StateHasChanged();
        await Session.FlushWritesAsync();
    }

    private async Task SelectVersionAsync((ChatMessage Message, int Version) choice)
    {
        if (Session.Active is null)
        {
            await Session.SelectVersionAsync(choice.Message, choice.Version);
            _messages = Session.Messages;
        }
    }

    private void NewChat()
    {
        _notFound = false;
        _sidebarOpen = false;
        Navigation.NavigateTo("/");
    }

    private void Stop() => Session.StopActive();

    private Task Retry(ChatMessage message) => StartAgainAsync(message, Session.RetryAsync);

    private Task Continue(ChatMessage message) => StartAgainAsync(message, Session.ContinueAsync);

    private async Task SelectAttempt((ChatMessage Message, int Attempt) choice)
    {
        if (Session.Active is null)
        {
            await Session.SelectAttemptAsync(choice.Message, choice.Attempt);
        }
    }

    private async Task StartAgainAsync(ChatMessage message, Func<ChatMessage, Task> start)
    {
        if (Session.Active is not null)
        {
            return;
        }
        try
        {
            await start(message);
        }
        catch (LimitExceededException refusal)
        {
            _limitNotice = refusal.Message;
            return;
        }
        _limitNotice = null;
        _ = RenderWhenEndedAsync(message.Generation!);
    }

    // A reloaded page may find its answer still running on the server: render when that one ends too.
    private void WatchRunningAnswer()
    {
        if (Session.Active is { } running)
        {
            _ = RenderWhenEndedAsync(running);
        }
    }

    private async Task SearchAsync(string query)
    {
        _query = query;
        await RefreshConversationsAsync();
    }

    private async Task RenameAsync((Guid Id, string Title) rename)
    {
        await Session.RenameAsync(rename.Id, rename.Title);
        await RefreshConversationsAsync();
    }

    private async Task DeleteAsync(ConversationListing conversation)
    {
        var wasShown = Session.ConversationId == conversation.Id;
        if (!await Session.DeleteAsync(conversation.Id))
        {
            return;
        }
        _deleted = conversation;
        if (wasShown)
        {
            Navigation.NavigateTo("/");
        }
        await RefreshConversationsAsync();
        // Undo stays offered for a few seconds.
        _undoWindow?.Cancel();
        var window = _undoWindow = new CancellationTokenSource();
        _ = Task.Delay(TimeSpan.FromSeconds(8), window.Token).ContinueWith(_ => InvokeAsync(() =>
        {
            if (ReferenceEquals(window, _undoWindow))
            {
                _deleted = null;
                StateHasChanged();
            }
        }), TaskScheduler.Default);
    }

    private async Task UndoDeleteAsync()
    {
        if (_deleted is { } deleted && await Session.RestoreAsync(deleted.Id))
        {
            _deleted = null;
            await RefreshConversationsAsync();
        }
    }

    private async Task RefreshConversationsAsync()
    {
        // Refreshes overlap (a navigation's and a send's): only the newest may land, or an older read from before
        // the new conversation was written would empty the list again.
        var ticket = ++_refreshes;
        try
        {
            var conversations = await Session.SearchConversationsAsync(_query);
            if (ticket != _refreshes)
            {
                return;
            }
            _conversations = conversations;
            _title = Session.ConversationId is null ? null : _conversations.FirstOrDefault(c => c.Id == Session.ConversationId)?.Title ?? _title;
        }
        catch (Exception)
        {
            // The sidebar is a convenience: a storage hiccup must not break the chat.
        }
    }

    // The composer swaps Stop back to Send when the answer ends, whatever ended it.
    private async Task RenderWhenEndedAsync(Generation generation)
    {
        var outcome = await generation.Completion;
        _announcement = Announce(generation, outcome);
        if (_disposed)
        {
            return;
        }
        try
        {
            await InvokeAsync(async () =>
            {
                await RefreshConversationsAsync();
                StateHasChanged();
            });
        }
        catch (ObjectDisposedException)
        {
            // The circuit went away while the answer finished; nothing to render to.
        }
    }

    // Screen readers hear the finished answer once, not every frame (the list is aria-busy meanwhile).
    private static string Announce(Generation generation, StreamOutcome outcome)
    {
        var text = PlainText.FromMarkdown(generation.Text, maxLength: 1200);
        return outcome.Status switch
        {
            GenerationStatus.Complete => $"{generation.ProviderName} answered: {text}",
            GenerationStatus.Stopped => $"Answer stopped. {text}",
            _ => $"Answer failed: {outcome.ErrorMessage} {text}",
        };
    }

    public void Dispose() => _disposed = true;
}
