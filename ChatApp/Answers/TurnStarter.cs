using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Answers;

/// <summary>
/// Starts an answer, the same way for the chat page and the HTTP endpoints: the pipeline router → tool loop →
/// failover → provider, its failures worded as updates, run by a <see cref="Generation"/> in the registry.
/// </summary>
public sealed class TurnStarter(GenerationRegistry registry, RequestRouter router, IOptions<ChatOptions> options, ILogger<TurnStarter> logger,
    StreamLimits? limits = null, ShutdownDrain? drain = null)
{
    /// <summary>A prompt longer than <c>Chat:Limits:MaxPromptChars</c> is refused, whoever sends it.</summary>
    /// <exception cref="LimitExceededException">It is too long.</exception>
    public void CheckPrompt(string prompt)
    {
        var limit = options.Value.Limits.MaxPromptChars;
        if (prompt.Length > limit)
        {
            throw new LimitExceededException($"This prompt has {prompt.Length:N0} characters; this server takes at most {limit:N0} (Chat:Limits:MaxPromptChars).",
                "Chat:Limits:MaxPromptChars", TimeSpan.Zero);
        }
    }

    /// <summary>Checks <paramref name="identity"/>'s limits (<see cref="StreamLimits"/>) before anything of a turn is done.</summary>
    /// <exception cref="LimitExceededException">A limit refused it.</exception>
    public async ValueTask<StreamLimits.Admission?> AdmitAsync(string identity)
    {
        drain?.ThrowIfDraining();
        return limits is null ? null : await limits.AdmitAsync(identity).ConfigureAwait(false);
    }

    /// <summary>Starts an admitted answer; its slot frees and its tokens are charged when it ends.</summary>
    public Generation Start(AnswerRequest request, StreamLimits.Admission? admission)
    {
        try
        {
            var generation = Start(request);
            _ = generation.Completion.ContinueWith(_ => admission?.End(generation.OutputTokens), TaskScheduler.Default);
            return generation;
        }
        catch
        {
            admission?.End(0);
            throw;
        }
    }

    /// <summary>Starts an answer outside any identity's limits.</summary>
    public Generation Start(AnswerRequest request)
    {
        var firstToolRound = request.ToolCalls is { Count: > 0 } calls ? calls.Max(c => c.Round) + 1 : 0;
        var generation = registry.Start(request.Provider.Name, cancellationToken =>
        {
            var answer = router.StreamAsync(request.History, request.Provider, cancellationToken, request.Settings, request.OfferTools, firstToolRound);
            if (request.ClientTools)
            {
                answer = ClientToolCalls.HandOn(answer, cancellationToken);
            }
            return FailureAsUpdate.Wrap(answer, request.Provider.Name, cancellationToken);
        }, request.InitialText, request.AnswerId, request.ContinuedFrom, request.ToolCalls, new AnswerSubject(request.Provider.Kind, request.Provider.Model),
            shared: request.Shared);
        if (options.Value.Logging.IncludeContent)
        {
            logger.LogInformation("Generation {GenerationId} asked of {Provider}: {PromptText}", generation.Id, request.Provider.Name,
                request.History.LastOrDefault(m => m.Role == AuthorRole.User)?.Content);
        }
        return generation;
    }
}
