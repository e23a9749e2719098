using Microsoft.SemanticKernel;

namespace ChatApp.Providers;

/// <summary>A provider stream that has produced its first chunk: the rest is read from the same enumerator.</summary>
internal sealed class OpenedStream(IAsyncEnumerator<StreamingChatMessageContent> enumerator, CancellationTokenSource requestCancellation, StreamingChatMessageContent? first)
    : IAsyncDisposable
{
    public IAsyncEnumerator<StreamingChatMessageContent> Enumerator { get; } = enumerator;

    /// <summary>The first chunk, or null when the stream ended without any.</summary>
    public StreamingChatMessageContent? First { get; } = first;

    public async ValueTask DisposeAsync()
    {
        await Enumerator.DisposeAsync();
        requestCancellation.Dispose();
    }
}
