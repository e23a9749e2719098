using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Polly.Timeout;

namespace ChatApp.Providers;

/// <summary>
/// Streams an answer from the chosen provider, failing over before the first token: a busy or broken
/// provider (429/500/502/503/529, refused connection, open circuit) or one that sends nothing in time
/// hands the same request to the next provider in <c>Chat:Providers</c> order, and a <see cref="StatusUpdate"/>
/// in the stream says so. A first-token timeout first tries the same provider without streaming (the
/// answer then appears at once). After the first token nothing switches silently: a later failure ends the
/// stream with the partial text kept, for the user to retry or continue.
/// </summary>
public sealed class FailoverChatStream(ProviderCatalog catalog, ProviderResilience resilience, IOptions<ChatOptions> options, ILogger<FailoverChatStream> logger)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> _refusesTools = new();

    /// <param name="settings">Execution settings for every provider tried (e.g. JSON mode).</param>
    /// <param name="toolsOptional">The tools in <paramref name="settings"/> are the app's own offer, which a model
    /// without tool support may answer without (a client's own tools, from the gateway, are never dropped).</param>
    public async IAsyncEnumerable<AnswerUpdate> StreamAsync(
        ChatHistory history, ChatProvider chosen, [EnumeratorCancellation] CancellationToken cancellationToken,
        PromptExecutionSettings? settings = null, bool toolsOptional = false)
    {
        var order = new[] { chosen }.Concat(catalog.Providers.Where(p => p.Index != chosen.Index)).ToList();
        Exception? lastFailure = null;
        ChatProvider? previous = null;
        foreach (var provider in order)
        {
            if (previous is not null)
            {
                yield return new StatusUpdate(provider.Name, $"{previous.Name} is {Describe(lastFailure!)} — answering with {provider.Name}", StatusKind.Failover);
            }
            previous = provider;
            OpenedStream? opened = null;
            var slowToStream = false;
            try
            {
                opened = toolsOptional
                    ? await OpenWithToolFallbackAsync(provider, history, settings, cancellationToken).ConfigureAwait(false)
                    : await OpenResilientlyAsync(provider, history, settings, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
            {
                lastFailure = new FirstTokenTimeoutException($"{provider.Name} sent nothing for {options.Value.Streaming.FirstTokenTimeoutSeconds} seconds.");
                logger.LogWarning(ex, "No first token from {Provider} in time", provider.Name);
                slowToStream = true;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ProviderError.IsFailoverable(ex))
            {
                lastFailure = ex;
                logger.LogWarning(ex, "Provider {Provider} failed before its first token; trying the next one", provider.Name);
                continue;
            }

            if (slowToStream)
            {
                if (!options.Value.Streaming.NonStreamingFallback)
                {
                    continue;
                }
                yield return new StatusUpdate(provider.Name, $"{provider.Name} is slow to stream — asking for the whole answer at once", StatusKind.NonStreamingFallback);
                var fallbackAnswer = await TryNonStreamingAsync(provider, history, settings, cancellationToken).ConfigureAwait(false);
                if (fallbackAnswer is null)
                {
                    continue;
                }
                yield return new TextDelta(fallbackAnswer);
                yield return new FinishUpdate(FinishReasons.Stop);
                yield break;
            }
            await using (opened!)
            {
                string? finishReason = null;
                if (opened!.First is not null)
                {
                    var chunk = opened.First;
                    do
                    {
                        if (ProviderUpdates.TextOnly(chunk) is { } text)
                        {
                            yield return new TextDelta(text);
                        }
                        else
                        {
                            var updates = ProviderUpdates.From(chunk);
                            for (var i = 0; i < updates.Count; i++)
                            {
                                finishReason = (updates[i] as FinishUpdate)?.Reason ?? finishReason;
                                yield return updates[i];
                            }
                        }
                        chunk = await opened.Enumerator.MoveNextAsync().ConfigureAwait(false) ? opened.Enumerator.Current : null;
                    }
                    while (chunk is not null);
                }
                if (finishReason is null && opened.End.DoneSeen)
                {
                    // An OpenAI-compatible server that sends no finish_reason but ends with [DONE] has finished.
                    yield return new FinishUpdate(FinishReasons.Stop);
                }
            }
            yield break;
        }
        throw lastFailure ?? new InvalidOperationException("No provider is configured.");
    }

    /// <summary>The provider entry with this display name (the one a failover status names), or null.</summary>
    public ChatProvider? ProviderNamed(string name) => catalog.Providers.FirstOrDefault(p => p.Name == name);

    // A provider that refused the tools once (a model without tool support) is asked without them from then on.
    private async Task<OpenedStream> OpenWithToolFallbackAsync(ChatProvider provider, ChatHistory history, PromptExecutionSettings? settings, CancellationToken cancellationToken)
    {
        var offersTools = settings?.FunctionChoiceBehavior is not null;
        if (offersTools && _refusesTools.ContainsKey(provider.Index))
        {
            return await OpenResilientlyAsync(provider, history, WithoutTools(settings!), cancellationToken).ConfigureAwait(false);
        }
        try
        {
            return await OpenResilientlyAsync(provider, history, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (offersTools && !cancellationToken.IsCancellationRequested && ProviderError.RejectsTools(ex))
        {
            logger.LogWarning("{Provider} refused the tools ({Message}); it is asked without them from now on", provider.Name, ProviderError.MessageOf(ex));
            _refusesTools[provider.Index] = true;
        }
        return await OpenResilientlyAsync(provider, history, WithoutTools(settings!), cancellationToken).ConfigureAwait(false);
    }

    private Task<OpenedStream> OpenResilientlyAsync(ChatProvider provider, ChatHistory history, PromptExecutionSettings? settings, CancellationToken cancellationToken) =>
        resilience.For(provider).ExecuteAsync(
            async attemptToken => await OpenAsync(provider, history, settings, attemptToken, cancellationToken).ConfigureAwait(false),
            cancellationToken).AsTask();

    private static PromptExecutionSettings WithoutTools(PromptExecutionSettings settings)
    {
        var copy = settings.Clone();
        copy.FunctionChoiceBehavior = null;
        return copy;
    }

    /// <summary>Opens the provider's stream and waits (at most until <paramref name="attemptToken"/> fires) for its first chunk.</summary>
    private static async Task<OpenedStream> OpenAsync(ChatProvider provider, ChatHistory history, PromptExecutionSettings? settings, CancellationToken attemptToken, CancellationToken generationToken)
    {
        // The request lives on after this attempt succeeds, so it must not hang off Polly's pooled token.
        var request = CancellationTokenSource.CreateLinkedTokenSource(generationToken);
        // The HTTP request goes out in this flow (the first MoveNextAsync below), where the handler picks this up.
        var end = new StreamEndSignal();
        StreamEndSignal.Current.Value = end;
        var enumerator = provider.Service.GetStreamingChatMessageContentsAsync(history, settings, cancellationToken: request.Token).GetAsyncEnumerator(request.Token);
        Task<bool>? pending = null;
        try
        {
            while (true)
            {
                pending = enumerator.MoveNextAsync().AsTask();
                var moved = await pending.WaitAsync(attemptToken).ConfigureAwait(false);
                pending = null;
                if (!moved)
                {
                    return new OpenedStream(enumerator, request, null, end);
                }
                var chunk = enumerator.Current;
                if (ProviderUpdates.HasSubstance(chunk))
                {
                    return new OpenedStream(enumerator, request, chunk, end);
                }
            }
        }
        catch
        {
            await request.CancelAsync().ConfigureAwait(false); // closes the provider's HTTP request
            if (pending is not null)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception)
                {
                    // The abandoned attempt ends in cancellation; only the first failure matters.
                }
            }
            await enumerator.DisposeAsync().ConfigureAwait(false);
            request.Dispose();
            throw;
        }
    }

    private async Task<string?> TryNonStreamingAsync(ChatProvider provider, ChatHistory history, PromptExecutionSettings? settings, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Streaming.FirstTokenTimeout * 2);
        try
        {
            var result = await provider.Service.GetChatMessageContentsAsync(history, settings, cancellationToken: timeout.Token).ConfigureAwait(false);
            var text = string.Concat(result.Select(m => m.Content));
            return text.Length > 0 ? text : null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Non-streaming fallback to {Provider} failed", provider.Name);
            return null;
        }
    }

    private static string Describe(Exception failure) => ProviderError.StatusCodeOf(failure) switch
    {
        429 or 503 or 529 => "busy",
        { } => "unavailable",
        null when failure is FirstTokenTimeoutException => "not responding",
        null when failure is Polly.CircuitBreaker.BrokenCircuitException => "unavailable",
        _ => "unreachable",
    };
}
