using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Conversations;

/// <summary>
/// The conversation of one browser connection (a Blazor circuit): its messages, the answer in progress,
/// and the viewer leases that keep its generations alive while the page is connected.
/// Plain C#: the page renders it and passes input on.
/// </summary>
public sealed class ChatSession(GenerationRegistry registry, ProviderCatalog providers) : IDisposable
{
    private readonly List<ChatMessage> _messages = [];
    private readonly Dictionary<Guid, IDisposable> _leases = [];
    private readonly Lock _gate = new();
    private bool _connected = true;

    public IReadOnlyList<ChatMessage> Messages
    {
        get { lock (_gate) { return _messages.ToArray(); } }
    }

    public ProviderCatalog Providers => providers;

    /// <summary>The answer being generated now, if any.</summary>
    public Generation? Active
    {
        get
        {
            lock (_gate)
            {
                return _messages.LastOrDefault(m => m.Role == ChatRole.Assistant)?.Generation is { } g && g.Status.IsActive() ? g : null;
            }
        }
    }

    /// <summary>Adds the prompt and starts the answer; returns the assistant message (pending until its first token).</summary>
    public ChatMessage Send(string prompt, int providerIndex = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        var provider = providers.Get(providerIndex);
        lock (_gate)
        {
            if (Active is not null)
            {
                throw new InvalidOperationException("An answer is still being generated; stop it before sending another prompt.");
            }
            _messages.Add(ChatMessage.FromUser(prompt));
            var history = BuildHistory();
            var generation = registry.Start(provider.Name,
                cancellationToken => provider.Service.GetStreamingChatMessageContentsAsync(history, cancellationToken: cancellationToken));
            var reply = ChatMessage.FromAssistant(generation);
            _messages.Add(reply);
            if (_connected)
            {
                _leases[generation.Id] = generation.AttachViewer();
            }
            else
            {
                // Started while the page is already gone: give it the grace period like any other.
                generation.AttachViewer().Dispose();
            }
            _ = generation.Completion.ContinueWith(_ => ReleaseLease(generation.Id), TaskScheduler.Default);
            return reply;
        }
    }

    public void StopActive() => Active?.Stop();

    /// <summary>The page's connection went down: its generations now run on the disconnect grace period.</summary>
    public void OnConnectionDown()
    {
        lock (_gate)
        {
            _connected = false;
            foreach (var lease in _leases.Values)
            {
                lease.Dispose();
            }
            _leases.Clear();
        }
    }

    /// <summary>The page reconnected within the grace period: its running generations continue.</summary>
    public void OnConnectionUp()
    {
        lock (_gate)
        {
            _connected = true;
            foreach (var message in _messages)
            {
                if (message.Generation is { } g && g.Status.IsActive() && !_leases.ContainsKey(g.Id))
                {
                    _leases[g.Id] = g.AttachViewer();
                }
            }
        }
    }

    // Partial answers are part of the history (a stopped or failed answer is not lost to the model either).
    private ChatHistory BuildHistory()
    {
        var history = new ChatHistory();
        foreach (var message in _messages)
        {
            var text = message.Text;
            if (text.Length == 0)
            {
                continue;
            }
            history.AddMessage(message.Role == ChatRole.User ? AuthorRole.User : AuthorRole.Assistant, text);
        }
        return history;
    }

    private void ReleaseLease(Guid generationId)
    {
        lock (_gate)
        {
            if (_leases.Remove(generationId, out var lease))
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>The circuit is gone for good: release every lease (running answers get the grace period, then stop).</summary>
    public void Dispose() => OnConnectionDown();
}
