using System.Collections.Concurrent;
using ChatApp.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;

namespace ChatApp.Streaming;

/// <summary>
/// Owns every running generation, so an answer outlives the component that started it
/// (reconnects, reloads, background conversations) and shutdown can end them all cleanly.
/// </summary>
public sealed class GenerationRegistry(TimeProvider time, IOptions<ChatOptions> options, ILogger<GenerationRegistry> logger)
{
    private readonly ConcurrentDictionary<Guid, Generation> _active = new();

    public int ActiveCount => _active.Count;

    /// <summary>The generations still running, in no particular order.</summary>
    public IReadOnlyCollection<Generation> ActiveGenerations => _active.Values.ToArray();

    /// <summary>Starts reading <paramref name="openStream"/> in the background and returns the generation at once.</summary>
    public Generation Start(string providerName, Func<CancellationToken, IAsyncEnumerable<StreamingChatMessageContent>> openStream)
    {
        var streaming = options.Value.Streaming;
        var generation = new Generation(providerName, time, streaming.FrameInterval, streaming.DisconnectGrace);
        _active[generation.Id] = generation;
        _ = Task.Run(async () =>
        {
            try
            {
                await generation.RunAsync(openStream).ConfigureAwait(false);
                var outcome = await generation.Completion.ConfigureAwait(false);
                logger.LogInformation(
                    "Generation {GenerationId} on {Provider} ended {Status}{Reason}: {Deltas} deltas, {Frames} frames, first token after {FirstTokenMs} ms",
                    generation.Id, providerName, outcome.Status.ToContractValue(),
                    outcome.StopReason is { } reason ? $" ({reason})" : outcome.ErrorMessage is { } error ? $" ({error})" : "",
                    generation.Snapshot().DeltaCount, generation.FramesSignalled,
                    generation.FirstTokenAt is { } first ? (first - generation.StartedAt).TotalMilliseconds.ToString("F0") : "-");
            }
            finally
            {
                _active.TryRemove(generation.Id, out _);
            }
        });
        return generation;
    }

    /// <summary>Cancels every running generation (keeping partial text) and waits for them to settle.</summary>
    public async Task StopAllAsync(StopReason reason, CancellationToken cancellationToken)
    {
        var running = _active.Values.ToArray();
        foreach (var generation in running)
        {
            generation.Cancel(reason);
        }
        await Task.WhenAll(running.Select(g => g.Completion)).WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
