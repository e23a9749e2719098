using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Answers;

/// <summary>
/// Multi-model routing (<c>Chat:Routing</c>): a fast classifier labels the request, the label picks the
/// provider, and the status line says each step ("Analyzing your request…" → "Generating with …"), so
/// there is never a silent pause. When routing is off, the chosen provider answers directly.
/// </summary>
public sealed class RequestRouter(ProviderCatalog providers, Tools.ToolCallingChatStream answer, IOptions<ChatOptions> options, ILogger<RequestRouter> logger)
{
    public bool IsEnabled => options.Value.Routing.Classifier is not null;

    /// <summary>Streams the answer from the routed provider (or <paramref name="chosen"/> when routing is off).</summary>
    /// <param name="offerTools">Offer the built-in tools to the model (<c>Chat:Tools</c>).</param>
    /// <param name="firstToolRound">The round number of the answer's first tool calls (after a continued answer's own).</param>
    public IAsyncEnumerable<AnswerUpdate> StreamAsync(
        ChatHistory history, ChatProvider chosen, CancellationToken cancellationToken,
        PromptExecutionSettings? settings = null, bool offerTools = false, int firstToolRound = 0) =>
        IsEnabled
            ? RoutedAsync(history, cancellationToken, settings, offerTools, firstToolRound)
            : answer.StreamAsync(history, chosen, offerTools, firstToolRound, cancellationToken, settings); // no layer per token when routing is off

    private async IAsyncEnumerable<AnswerUpdate> RoutedAsync(
        ChatHistory history, [EnumeratorCancellation] CancellationToken cancellationToken,
        PromptExecutionSettings? settings, bool offerTools, int firstToolRound)
    {
        var classifier = providers.Get(options.Value.Routing.Classifier!.Value);
        yield return new StatusUpdate(classifier.Name, "Analyzing your request…", StatusKind.Routing);
        var provider = await RouteAsync(history, cancellationToken).ConfigureAwait(false);
        yield return new StatusUpdate(provider.Name, $"Generating with {provider.Name}…", StatusKind.Routing);
        await foreach (var update in answer.StreamAsync(history, provider, offerTools, firstToolRound, cancellationToken, settings).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Asks the classifier for a label and returns the provider it routes to.</summary>
    public async Task<ChatProvider> RouteAsync(ChatHistory history, CancellationToken cancellationToken)
    {
        var routing = options.Value.Routing;
        var classifier = providers.Get(routing.Classifier!.Value);
        var label = routing.DefaultRoute;
        try
        {
            var question = new ChatHistory($"{ClassifierPrompt.Instruction} {string.Join(", ", routing.Routes.Keys)}.");
            question.AddUserMessage(history.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? "");
            var answer = await classifier.Service.GetChatMessageContentsAsync(question, cancellationToken: cancellationToken).ConfigureAwait(false);
            var text = string.Concat(answer.Select(a => a.Content)).Trim().Trim('.', '"', '\'').ToLowerInvariant();
            label = routing.Routes.Keys.FirstOrDefault(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)) ?? routing.DefaultRoute;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "The routing classifier {Classifier} failed; using the default route", classifier.Name);
        }
        return routing.Routes.TryGetValue(label, out var index) ? providers.Get(index) : providers.Default;
    }
}
