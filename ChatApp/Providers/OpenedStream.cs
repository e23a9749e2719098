using Microsoft.SemanticKernel;

namespace ChatApp.Providers;

/// <summary>A provider stream that has produced its first chunk: the rest is read from the same enumerator.</summary>
internal sealed class OpenedStream(IAsyncEnumerator<StreamingChatMessageContent> enumerator, CancellationTokenSource requestCancellation, StreamingChatMessageContent? first, StreamEndSignal end)
    : IAsyncDisposable
{
    public IAsyncEnumerator<StreamingChatMessageContent> Enumerator { get; } = enumerator;

    /// <summary>The first chunk, or null when the stream ended without any.</summary>
    public StreamingChatMessageContent? First { get; } = first;

    /// <summary>Whether the provider's event stream ended with <c>data: [DONE]</c>.</summary>
    public StreamEndSignal End { get; } = end;

    public async ValueTask DisposeAsync()
    {
        await Enumerator.DisposeAsync();
        requestCancellation.Dispose();
    }
}
