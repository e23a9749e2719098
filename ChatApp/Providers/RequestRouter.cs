using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Providers;

/// <summary>
/// Multi-model routing (<c>Chat:Routing</c>): a fast classifier labels the request, the label picks the
/// provider, and the status line says each step ("Analyzing your request…" → "Generating with …"), so
/// there is never a silent pause. When routing is off, the chosen provider answers directly.
/// </summary>
public sealed class RequestRouter(ProviderCatalog providers, Tools.ToolCallingChatStream answer, IOptions<ChatOptions> options, ILogger<RequestRouter> logger)
{
    public const string ClassifierInstruction = "Classify the user's request. Answer with exactly one of these labels and nothing else:";

    public bool IsEnabled => options.Value.Routing.Classifier is not null;

    /// <summary>Streams the answer from the routed provider (or <paramref name="chosen"/> when routing is off).</summary>
    /// <param name="offerTools">Offer the built-in tools to the model (<c>Chat:Tools</c>).</param>
    public async IAsyncEnumerable<StreamingChatMessageContent> StreamAsync(
        ChatHistory history, ChatProvider chosen, Generation generation, [EnumeratorCancellation] CancellationToken cancellationToken,
        PromptExecutionSettings? settings = null, bool offerTools = false)
    {
        var provider = IsEnabled ? await RouteAsync(history, generation, cancellationToken) : chosen;
        await foreach (var chunk in answer.StreamAsync(history, provider, generation, offerTools, cancellationToken, settings).ConfigureAwait(false))
        {
            yield return chunk;
        }
    }

    /// <summary>Asks the classifier for a label and returns the provider it routes to.</summary>
    public async Task<ChatProvider> RouteAsync(ChatHistory history, Generation generation, CancellationToken cancellationToken)
    {
        var routing = options.Value.Routing;
        var classifier = providers.Get(routing.Classifier!.Value);
        generation.Report(classifier.Name, "Analyzing your request…");
        var label = routing.DefaultRoute;
        try
        {
            var question = new ChatHistory($"{ClassifierInstruction} {string.Join(", ", routing.Routes.Keys)}.");
            question.AddUserMessage(history.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? "");
            var answer = await classifier.Service.GetChatMessageContentsAsync(question, cancellationToken: cancellationToken).ConfigureAwait(false);
            var text = string.Concat(answer.Select(a => a.Content)).Trim().Trim('.', '"', '\'').ToLowerInvariant();
            label = routing.Routes.Keys.FirstOrDefault(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)) ?? routing.DefaultRoute;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The routing classifier {Classifier} failed; using the default route", classifier.Name);
        }
        var provider = routing.Routes.TryGetValue(label, out var index) ? providers.Get(index) : providers.Default;
        generation.Report(provider.Name, $"Generating with {provider.Name}…");
        return provider;
    }
}
