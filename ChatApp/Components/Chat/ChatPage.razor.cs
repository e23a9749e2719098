using ChatApp.Markdown;
using ChatApp.Conversations;
using ChatApp.Streaming;
using Microsoft.AspNetCore.Components;

namespace ChatApp.Components.Chat;

/// <summary>
/// The chat page: renders the circuit's <see cref="ChatSession"/> and passes input on. It re-renders only
/// when the conversation's shape changes (a message added, an answer ended); streaming text is rendered
/// frame by frame by the streaming message's own <see cref="MessageItem"/>.
/// </summary>
public partial class ChatPage
{
    private IReadOnlyList<ChatMessage> _messages = [];
    private int _followToken;
    private string? _announcement;
    private bool _disposed;

    protected override void OnInitialized() => _messages = Session.Messages;

    private Task SendAsync(string prompt)
    {
        if (Session.Active is not null || string.IsNullOrWhiteSpace(prompt))
        {
            return Task.CompletedTask;
        }
        var reply = Session.Send(prompt);
        _messages = Session.Messages;
        _followToken++; // sending always brings the new prompt into view
        _ = RenderWhenEndedAsync(reply.Generation!);
        return Task.CompletedTask;
    }

    private void Stop() => Session.StopActive();

    private void Retry(ChatMessage message) => StartAgain(message, Session.Retry);

    private void Continue(ChatMessage message) => StartAgain(message, Session.Continue);

    private void SelectAttempt((ChatMessage Message, int Attempt) choice)
    {
        if (Session.Active is null)
        {
            Session.SelectAttempt(choice.Message, choice.Attempt);
        }
    }

    private void StartAgain(ChatMessage message, Action<ChatMessage> start)
    {
        if (Session.Active is not null)
        {
            return;
        }
        start(message);
        _ = RenderWhenEndedAsync(message.Generation!);
    }

    // The composer swaps Stop back to Send when the answer ends, whatever ended it.
    private async Task RenderWhenEndedAsync(Streaming.Generation generation)
    {
        var outcome = await generation.Completion;
        _announcement = Announce(generation, outcome);
        if (!_disposed)
        {
            try
            {
                await InvokeAsync(StateHasChanged);
            }
            catch (ObjectDisposedException)
            {
                // The circuit went away while the answer finished; nothing to render to.
            }
        }
    }

    // Screen readers hear the finished answer once, not every frame (the list is aria-busy meanwhile).
    private static string Announce(Streaming.Generation generation, Streaming.StreamOutcome outcome)
    {
        var text = PlainText.FromMarkdown(generation.Text, maxLength: 1200);
        return outcome.Status switch
        {
            Streaming.GenerationStatus.Complete => $"{generation.ProviderName} answered: {text}",
            Streaming.GenerationStatus.Stopped => $"Answer stopped. {text}",
            _ => $"Answer failed: {outcome.ErrorMessage} {text}",
        };
    }

    public void Dispose() => _disposed = true;
}
