using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Conversations;

/// <summary>
/// The conversation of one browser connection (a Blazor circuit): its messages, the answer in progress,
/// and the viewer leases that keep its generations alive while the page is connected.
/// Plain C#: the page renders it and passes input on.
/// </summary>
public sealed class ChatSession(GenerationRegistry registry, ProviderCatalog providers, FailoverChatStream failover) : IDisposable
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
                return _messages.Select(m => m.Generation).LastOrDefault(g => g is not null && g.Status.IsActive());
            }
        }
    }

    /// <summary>Adds the prompt and starts the answer; returns the assistant message (pending until its first token).</summary>
    public ChatMessage Send(string prompt, int providerIndex = 0)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        lock (_gate)
        {
            ThrowIfBusy();
            _messages.Add(ChatMessage.FromUser(prompt));
            var reply = ChatMessage.FromAssistant(StartGeneration(HistoryBefore(_messages.Count), providerIndex, ""), providerIndex);
            _messages.Add(reply);
            return reply;
        }
    }

    /// <summary>Generates the answer again as a new attempt; the earlier attempts stay reachable.</summary>
    public void Retry(ChatMessage message)
    {
        lock (_gate)
        {
            ThrowIfBusy();
            var index = IndexOf(message);
            message.AddAttempt(StartGeneration(HistoryBefore(index), message.ProviderIndex, ""));
        }
    }

    /// <summary>Continues the shown attempt from its partial text: the model gets it as the assistant's prefix and the new text appends to it.</summary>
    public void Continue(ChatMessage message)
    {
        lock (_gate)
        {
            ThrowIfBusy();
            var index = IndexOf(message);
            var partial = message.Text;
            var history = HistoryBefore(index);
            history.AddAssistantMessage(partial);
            message.ReplaceShownAttempt(StartGeneration(history, message.ProviderIndex, partial));
        }
    }

    public void SelectAttempt(ChatMessage message, int index)
    {
        lock (_gate)
        {
            message.SelectAttempt(index);
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
            foreach (var generation in _messages.SelectMany(m => m.Attempts))
            {
                if (generation.Status.IsActive() && !_leases.ContainsKey(generation.Id))
                {
                    _leases[generation.Id] = generation.AttachViewer();
                }
            }
        }
    }

    private Generation StartGeneration(ChatHistory history, int providerIndex, string initialText)
    {
        var provider = providers.Get(providerIndex);
        var generation = registry.Start(provider.Name,
            (g, cancellationToken) => failover.StreamAsync(history, provider, g, cancellationToken), initialText);
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
        return generation;
    }

    private void ThrowIfBusy()
    {
        if (Active is not null)
        {
            throw new InvalidOperationException("An answer is still being generated; stop it first.");
        }
    }

    private int IndexOf(ChatMessage message)
    {
        var index = _messages.IndexOf(message);
        if (index < 0 || message.Role != ChatRole.Assistant)
        {
            throw new ArgumentException("Not an assistant message of this conversation.", nameof(message));
        }
        return index;
    }

    // Partial answers are part of the history (a stopped or failed answer is not lost to the model either).
    private ChatHistory HistoryBefore(int count)
    {
        var history = new ChatHistory();
        foreach (var message in _messages.Take(count))
        {
            var text = message.Text;
            if (text.Length > 0)
            {
                history.AddMessage(message.Role == ChatRole.User ? AuthorRole.User : AuthorRole.Assistant, text);
            }
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
