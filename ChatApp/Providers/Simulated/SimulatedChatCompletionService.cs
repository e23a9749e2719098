using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace ChatApp.Providers.Simulated;

/// <summary>
/// The built-in model: offline and deterministic. It streams the scenario's answer token by token with a
/// realistic time to first token and pace. Every token has a fixed due time from the start of the request,
/// so timing never drifts and <see cref="FakeTimeProvider"/>-driven tests see exactly the same schedule.
/// When the history ends with an assistant message (a "continue"), it streams only what follows that prefix.
/// </summary>
public sealed class SimulatedChatCompletionService(SimulatedModelOptions options, TimeProvider time) : IChatCompletionService
{
    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>
    {
        [AIServiceExtensions.ModelIdKey] = "simulated",
    };

    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        var text = new System.Text.StringBuilder();
        await foreach (var delta in GetStreamingChatMessageContentsAsync(chatHistory, executionSettings, kernel, cancellationToken).ConfigureAwait(false))
        {
            text.Append(delta.Content);
        }
        return [new ChatMessageContent(AuthorRole.Assistant, text.ToString(), modelId: "simulated")];
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var plan = Plan(chatHistory);
        var started = time.GetTimestamp();
        for (var i = 0; i < plan.Tokens.Count; i++)
        {
            if (plan.FailAtToken == i)
            {
                await DelayUntilAsync(started, plan.DueTimes[i], cancellationToken).ConfigureAwait(false);
                throw new HttpRequestException(i == 0
                    ? "Simulated connection drop before the first token."
                    : "Simulated connection drop mid-stream.", null, statusCode: null);
            }
            await DelayUntilAsync(started, plan.DueTimes[i], cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, plan.Tokens[i], modelId: "simulated");
        }
    }

    /// <summary>The tokens and their due times (from the start of the request) for a history; pure and deterministic.</summary>
    public SimulatedPlan Plan(ChatHistory chatHistory)
    {
        var prompt = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? "";
        var scenario = SimulatedScenarios.For(prompt);
        var answer = scenario.Answer;
        // Continue: the history ends with the partial answer, so stream only the rest.
        if (chatHistory.Count > 0 && chatHistory[^1].Role == AuthorRole.Assistant && chatHistory[^1].Content is { Length: > 0 } prefix
            && answer.StartsWith(prefix, StringComparison.Ordinal))
        {
            answer = answer[prefix.Length..];
        }

        var tokens = SimulatedTokenizer.Tokenize(answer);
        var seed = StableHash.Of(prompt);
        var random = new Random(seed);
        // Each answer has its own pace within ±20% of the configured one, and each token ±35% around it.
        var tokensPerSecond = options.TokensPerSecond * (0.8 + 0.4 * random.NextDouble());
        var meanGap = TimeSpan.FromSeconds(1 / tokensPerSecond);
        var due = new TimeSpan[tokens.Count + 1];
        var at = TimeSpan.FromMilliseconds(scenario.SlowFirstToken ? options.SlowFirstTokenDelayMs : options.FirstTokenDelayMs);
        for (var i = 0; i <= tokens.Count; i++)
        {
            due[i] = at;
            at += meanGap * (0.65 + 0.7 * random.NextDouble());
        }
        int? failAt = scenario.FailAfterFraction is { } fraction ? (int)(tokens.Count * fraction) : null;
        return new SimulatedPlan(tokens, due, failAt);
    }

    private Task DelayUntilAsync(long started, TimeSpan dueFromStart, CancellationToken cancellationToken)
    {
        var wait = dueFromStart - time.GetElapsedTime(started);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
