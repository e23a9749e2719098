using System.Runtime.CompilerServices;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.TestSupport;

/// <summary>A hand-written provider whose behaviour each test sets through callbacks (after M.E.AI's TestChatClient).</summary>
public sealed class FakeChatService : IChatCompletionService
{
    private int _streamingCalls;
    private int _nonStreamingCalls;

    public int StreamingCalls => Volatile.Read(ref _streamingCalls);

    public int NonStreamingCalls => Volatile.Read(ref _nonStreamingCalls);

    /// <summary>Given the 1-based call number: the chunks to stream (may throw or never end).</summary>
    public Func<int, CancellationToken, IAsyncEnumerable<StreamingChatMessageContent>> StreamCallback { get; set; } =
        (_, cancellationToken) => Answer("ok", cancellationToken);

    public Func<int, CancellationToken, Task<string>> CompleteCallback { get; set; } =
        (_, _) => throw new HttpRequestException("non-streaming not configured");

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>();

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default) =>
        [new ChatMessageContent(AuthorRole.Assistant, await CompleteCallback(Interlocked.Increment(ref _nonStreamingCalls), cancellationToken))];

    /// <summary>The settings of each streaming call, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<PromptExecutionSettings?> StreamingSettings { get; } = new();

    public IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        StreamingSettings.Enqueue(executionSettings);
        return StreamCallback(Interlocked.Increment(ref _streamingCalls), cancellationToken);
    }

    /// <summary>Streams the words of <paramref name="text"/> and finishes with "stop".</summary>
    public static async IAsyncEnumerable<StreamingChatMessageContent> Answer(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var word in text.Split(' '))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, word + " ");
        }
        yield return new StreamingChatMessageContent(AuthorRole.Assistant, null, metadata: new Dictionary<string, object?> { ["FinishReason"] = "stop" });
    }

    public static async IAsyncEnumerable<StreamingChatMessageContent> Refuse(Exception exception)
    {
        await Task.Yield();
        throw exception;
#pragma warning disable CS0162 // an iterator needs a yield to be one
        yield break;
#pragma warning restore CS0162
    }

    public static async IAsyncEnumerable<StreamingChatMessageContent> Stall([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        yield break;
    }
}
