using System.Runtime.CompilerServices;
using ChatApp.Streaming;

namespace ChatApp.Endpoints;

/// <summary>
/// A generation's text as an HTTP stream sees it: at each frame signal, the characters not sent yet (possibly
/// none: the caller may read the rest of the generation, such as its tool calls, at the same moment).
/// Yields <c>null</c> after a quiet <paramref name="keepAlive"/> so the caller can send a keep-alive.
/// </summary>
public static class GenerationFrames
{
    public static async IAsyncEnumerable<string?> NewTextAsync(Generation generation, TimeSpan keepAlive, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var frame = new SemaphoreSlim(0);
        void OnFrame() => frame.Release();
        generation.FrameReady += OnFrame;
        try
        {
            var sent = 0;
            while (true)
            {
                var ended = generation.Completion.IsCompleted;
                var text = generation.ReadText(sent);
                sent += text.Length;
                yield return text; // empty when only something else changed (a tool call, the status)
                if (ended)
                {
                    yield break;
                }
                if (!await frame.WaitAsync(keepAlive, cancellationToken))
                {
                    yield return null;
                }
            }
        }
        finally
        {
            generation.FrameReady -= OnFrame;
        }
    }
}
