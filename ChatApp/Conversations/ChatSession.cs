using ChatApp.Answers;
using ChatApp.Providers;
using ChatApp.Storage;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Conversations;

/// <summary>
/// The conversations of one browser connection (a Blazor circuit): the one shown, the others opened in
/// this connection (their answers keep streaming in the background), the reader leases that keep running
/// answers alive while the page is connected, and their storage. Plain C#: the page renders it and passes
/// input on.
/// </summary>
public sealed class ChatSession(
    GenerationRegistry registry,
    ProviderCatalog providers,
    TurnStarter turns,
    ConversationStore store,
    AttemptCheckpointer checkpointer,
    TimeProvider time,
    ILogger<ChatSession> logger,
    IAnswersElsewhere? mirrors = null) : IDisposable
{
    private readonly Dictionary<Guid, ConversationTree> _opened = [];
    private readonly ReaderLeases _leases = new();
    private readonly OrderedWrites _writes = new(logger, time);
    private readonly StoredConversations _stored = new(registry, time, mirrors);
    private readonly Lock _gate = new();
    private ConversationTree _tree = new();
    private int _positions;

    /// <summary>The anonymous browser identity every stored conversation is scoped to.</summary>
    public string Owner { get; private set; } = "";

    /// <summary>The conversation shown (null for a new chat not yet sent).</summary>
    public Guid? ConversationId { get; private set; }

    /// <summary>The messages shown: the selected branch of the conversation.</summary>
    public IReadOnlyList<ChatMessage> Messages
    {
        get { lock (_gate) { return _tree.VisiblePath(); } }
    }

    /// <summary>For an edited prompt: which version this is, and how many there are.</summary>
    public (int Index, int Count) VersionOf(ChatMessage message)
    {
        lock (_gate)
        {
            return _tree.Contains(message.Id) ? _tree.SiblingPosition(message.Id) : (0, 1);
        }
    }

    public ProviderCatalog Providers => providers;

    /// <summary>The answer being generated now in the shown conversation, if any.</summary>
    public Generation? Active
    {
        get
        {
            lock (_gate)
            {
                return _tree.VisiblePath().Select(m => m.Generation).LastOrDefault(g => g is not null && g.Status.IsActive());
            }
        }
    }

    public void SetOwner(string owner) => Owner = owner;

    public async Task<IReadOnlyList<ConversationListing>> ListConversationsAsync(CancellationToken cancellationToken = default) =>
        Owner.Length == 0 ? [] : ConversationListing.From(await store.ListAsync(Owner, cancellationToken));

    public async Task<IReadOnlyList<ConversationListing>> SearchConversationsAsync(string text, CancellationToken cancellationToken = default) =>
        Owner.Length == 0 ? [] : ConversationListing.From(await store.SearchAsync(Owner, text, cancellationToken));

    public Task<bool> RenameAsync(Guid conversationId, string title) => store.RenameAsync(Owner, conversationId, title);

    /// <summary>Deletes (undoably) a conversation; a deleted conversation that is shown is closed.</summary>
    public async Task<bool> DeleteAsync(Guid conversationId)
    {
        if (!await store.DeleteAsync(Owner, conversationId))
        {
            return false;
        }
        if (ConversationId == conversationId)
        {
            NewChat();
        }
        return true;
    }

    public Task<bool> RestoreAsync(Guid conversationId) => store.RestoreAsync(Owner, conversationId);

    public void NewChat()
    {
        lock (_gate)
        {
            ConversationId = null;
            _tree = new ConversationTree();
            _positions = 0;
        }
    }

    /// <summary>Shows a conversation of this owner; false when there is none with that id (or it is someone else's).</summary>
    public async Task<bool> OpenAsync(Guid conversationId, CancellationToken cancellationToken = default)
    {
        if (_opened.TryGetValue(conversationId, out var opened))
        {
            lock (_gate)
            {
                ConversationId = conversationId;
                _tree = opened;
                _positions = opened.All.Count();
            }
            return true;
        }
        var stored = await store.LoadAsync(Owner, conversationId, cancellationToken);
        if (stored is null)
        {
            return false;
        }
        var tree = _stored.ToTree(stored);
        lock (_gate)
        {
            _opened[conversationId] = tree;
            ConversationId = conversationId;
            _tree = tree;
            _positions = stored.Messages.Count;
        }
        _leases.HoldRunning(AnswersOf(tree));
        return true;
    }

    /// <summary>Adds the prompt and starts the answer; returns the assistant message (pending until its first token).</summary>
    /// <param name="structured">JSON mode: ask for a JSON object and show it field by field as it streams.</param>
    /// <param name="images">Images attached to the prompt (already stored by <see cref="ImageUploads"/>); a prompt may be images alone.</param>
    public async Task<ChatMessage> SendAsync(string prompt, int providerIndex = 0, bool structured = false, IReadOnlyList<ImageAttachment>? images = null)
    {
        images ??= [];
        if (images.Count == 0)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        }
        turns.CheckPrompt(prompt);
        var admission = await AdmitAsync();
        var conversationId = ConversationId ?? CreateConversation(prompt.Trim().Length > 0 ? prompt : images[0].FileName);
        return StartTurn(conversationId, Messages.LastOrDefault()?.Id, prompt, providerIndex, structured, images, admission);
    }

    /// <summary>
    /// Edits an earlier prompt and sends it again: a new branch from that point (the old one stays
    /// reachable through the prompt's version navigation). Returns the new answer.
    /// </summary>
    public async Task<ChatMessage> EditAndResendAsync(ChatMessage prompt, string text, int providerIndex = 0, bool structured = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (prompt.Role != ChatRole.User || ConversationId is not { } conversationId)
        {
            throw new ArgumentException("Only a prompt of the shown conversation can be edited.", nameof(prompt));
        }
        turns.CheckPrompt(text);
        var admission = await AdmitAsync();
        Guid? parent;
        lock (_gate)
        {
            parent = _tree.ParentOf(prompt.Id);
        }
        return StartTurn(conversationId, parent, text, providerIndex, structured, prompt.Images, admission);
    }

    /// <summary>Shows another version of an edited prompt, with that branch's answers.</summary>
    public Task SelectVersionAsync(ChatMessage prompt, int index)
    {
        Guid? parent;
        ChatMessage shown;
        lock (_gate)
        {
            parent = _tree.ParentOf(prompt.Id);
            shown = _tree.SelectSibling(prompt.Id, index);
        }
        if (ConversationId is { } conversationId)
        {
            Enqueue("the prompt version shown", () => store.SelectBranchAsync(Owner, conversationId, parent, shown.Id));
        }
        return Task.CompletedTask;
    }

    // A prompt after `parent` (null: first) and its answer: in the tree, in storage, and streaming.
    private ChatMessage StartTurn(Guid conversationId, Guid? parent, string prompt, int providerIndex, bool structured, IReadOnlyList<ImageAttachment> images,
        StreamLimits.Admission? admission)
    {
        var user = ChatMessage.FromUser(prompt, images: images);
        var replyId = Guid.NewGuid();
        var attemptId = Guid.NewGuid();
        ChatMessage reply;
        int position;
        lock (_gate)
        {
            _tree.Add(user, parent);
            var history = HistoryOf(_tree.VisiblePath());
            reply = ChatMessage.FromAssistant(StartGeneration(admission, history, providerIndex, "", attemptId, structured), providerIndex, replyId);
            reply = reply.AsStructured(structured);
            _tree.Add(reply, user.Id);
            position = _positions;
            _positions += 2;
        }
        Enqueue("a prompt and its answer", async () =>
        {
            await store.AddMessageAsync(Owner, conversationId, new MessageEntity { Id = user.Id, Role = "user", Content = prompt, Position = position, ParentId = parent, SelectedChildId = replyId });
            if (images.Count > 0)
            {
                await store.AttachImagesAsync(Owner, user.Id, images.Select(i => i.Id).ToList());
            }
            await store.AddMessageAsync(Owner, conversationId, new MessageEntity
            {
                Id = replyId, Role = "assistant", Position = position + 1, ParentId = user.Id, ProviderIndex = providerIndex, IsStructured = structured,
                Attempts = [AttemptMapping.Pending(attemptId, replyId, reply.Generation?.ProviderName)],
            });
            await TrackAsync(reply, 0); // the answer's checkpoints start once its message row exists
            // Shown to other tabs and instances only now that the prompt, the answer and its row are all stored.
            await store.SelectBranchAsync(Owner, conversationId, parent, user.Id);
        });
        return reply;
    }

    /// <summary>Generates the answer again as a new attempt; the earlier attempts stay reachable.</summary>
    public async Task RetryAsync(ChatMessage message)
    {
        var index = IndexOf(message);
        var admission = await AdmitAsync();
        lock (_gate)
        {
            message.AddAttempt(StartGeneration(admission, HistoryBefore(index), message.ProviderIndex, "", Guid.NewGuid(), message.IsStructured));
        }
        var selected = message.SelectedAttempt;
        Enqueue("a retried answer", async () =>
        {
            await TrackAsync(message, selected);
            await store.SelectAttemptAsync(Owner, message.Id, selected);
        });
    }

    /// <summary>Continues the shown attempt from its partial text: the model gets it as the assistant's prefix and the new text appends to it.</summary>
    public async Task ContinueAsync(ChatMessage message)
    {
        var index = IndexOf(message);
        var admission = await AdmitAsync();
        lock (_gate)
        {
            var partial = message.Text;
            var history = HistoryBefore(index);
            history.AddAssistantMessage(partial);
            // The continuation keeps the attempt's id: it is the same stored answer, growing.
            var previous = message.Generation?.ProviderName;
            message.ReplaceShownAttempt(StartGeneration(admission, history, message.ProviderIndex, partial, message.AttemptId(message.SelectedAttempt), message.IsStructured, previous,
                message.Generation?.ToolCalls));
        }
        var selected = message.SelectedAttempt;
        Enqueue("a continued answer", () => TrackAsync(message, selected));
    }

    public Task SelectAttemptAsync(ChatMessage message, int index)
    {
        lock (_gate)
        {
            message.SelectAttempt(index);
        }
        var selected = message.SelectedAttempt;
        Enqueue("the attempt shown", () => store.SelectAttemptAsync(Owner, message.Id, selected));
        return Task.CompletedTask;
    }

    public void StopActive() => Active?.Stop();

    /// <summary>The page's connection went down: its answers now run on the disconnect grace period.</summary>
    public void OnConnectionDown() => _leases.ConnectionDown();

    /// <summary>The page reconnected within the grace period: its running answers continue.</summary>
    public void OnConnectionUp()
    {
        List<ConversationTree> trees;
        lock (_gate)
        {
            trees = [.. _opened.Values, _tree];
        }
        _leases.ConnectionUp(trees.SelectMany(AnswersOf));
    }

    private Guid CreateConversation(string prompt)
    {
        var id = Guid.NewGuid();
        var owner = Owner;
        Enqueue("a new conversation", () => store.CreateAsync(owner, Title(prompt), id: id));
        lock (_gate)
        {
            ConversationId = id;
            _opened[id] = _tree;
        }
        return id;
    }

    private void Enqueue(string what, Func<Task> write) => _writes.Enqueue(what, write);

    /// <summary>Completes when every write queued so far has been attempted (tests, and reloads that must see them).</summary>
    public Task FlushWritesAsync() => _writes.FlushAsync();

    private Generation StartGeneration(StreamLimits.Admission? admission, ChatHistory history, int providerIndex, string initialText, Guid id, bool structured = false,
        string? continuedFrom = null, IReadOnlyList<Streaming.Tools.ToolCallView>? toolCalls = null)
    {
        // JSON mode through the OpenAI settings type: OpenAI-compatible servers honour response_format.
        var settings = structured ? new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings { ResponseFormat = "json_object" } : null;
        var generation = turns.Start(new AnswerRequest(history, providers.Get(providerIndex), settings, OfferTools: !structured,
            AnswerId: id, InitialText: initialText, ToolCalls: toolCalls, ContinuedFrom: continuedFrom), admission);
        _leases.Hold(generation);
        return generation;
    }

    // Completes once the attempt's row exists (its tracking goes on until the answer ends).
    private Task TrackAsync(ChatMessage message, int attempt) =>
        checkpointer.Track(message.Attempts[attempt].Log, message.Id, attempt).FirstRowStored;

    private static IEnumerable<Generation> AnswersOf(ConversationTree tree) => tree.All.SelectMany(m => m.Attempts);

    private static string Title(string prompt)
    {
        var line = prompt.Trim().Split('\n')[0].Trim();
        return line.Length <= 60 ? line : line[..60].TrimEnd() + "…";
    }

    /// <summary>Nothing runs in this conversation, and this browser's limits admit one more answer.</summary>
    /// <exception cref="LimitExceededException">A limit (<c>Chat:Limits</c>) refused it: nothing changed.</exception>
    private ValueTask<StreamLimits.Admission?> AdmitAsync()
    {
        if (Active is not null)
        {
            throw new InvalidOperationException("An answer is still being generated; stop it first.");
        }
        return turns.AdmitAsync(Owner);
    }

    // Checked before a limit slot is taken: a slot taken for a call that then throws would never be given back.
    private int IndexOf(ChatMessage message)
    {
        int index;
        lock (_gate)
        {
            index = _tree.VisiblePath().ToList().IndexOf(message);
        }
        if (index < 0 || message.Role != ChatRole.Assistant)
        {
            throw new ArgumentException("Not an assistant message of this conversation.", nameof(message));
        }
        return index;
    }

    private ChatHistory HistoryBefore(int count) => HistoryOf(_tree.VisiblePath().Take(count));

    // Partial answers are part of the history (a stopped or failed answer is not lost to the model either).
    private static ChatHistory HistoryOf(IEnumerable<ChatMessage> messages)
    {
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            if (message.Text.Length > 0 || message.Images.Count > 0)
            {
                history.Add(PromptContent.Turn(message.Role == ChatRole.User ? AuthorRole.User : AuthorRole.Assistant,
                    message.Text, message.Images.Select(image => new ImageContent(image.Bytes, image.ContentType))));
            }
        }
        return history;
    }

    /// <summary>The circuit is gone for good: release every lease (running answers get the grace period, then stop).</summary>
    public void Dispose() => _leases.Dispose();
}
