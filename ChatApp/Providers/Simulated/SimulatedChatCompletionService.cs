using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Services;

namespace ChatApp.Providers.Simulated;

/// <summary>
/// The built-in model: offline and deterministic. It streams the scenario's answer token by token with a
/// realistic time to first token and pace. Every token has a fixed due time from the start of the request,
/// so timing never drifts and <see cref="FakeTimeProvider"/>-driven tests see exactly the same schedule.
/// When the history ends with an assistant message (a "continue"), it streams only what follows that prefix.
/// Failure scenarios fail on the first request for a conversation only (and only on the first configured
/// provider), so a retry, a continue or a failover answers.
/// </summary>
public sealed class SimulatedChatCompletionService(SimulatedModelOptions options, TimeProvider time, bool failOnThisProvider = true) : IChatCompletionService
{
    // Failure scenarios' histories seen, by a 64-bit hash. (Keyed by its text, every request's history used to stay
    // in memory until 10,000 had been seen: ~6 KB each for the load runs' prompts.)
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, int> _attempts = new();
    private readonly DueClock _clock = DueClock.For(time); // one timer for every answer's tokens and frames

    public IReadOnlyDictionary<string, object?> Attributes { get; } = new Dictionary<string, object?>
    {
        [AIServiceExtensions.ModelIdKey] = "simulated",
    };

    /// <summary>A non-streaming request: the whole answer at once, after the time to first token (a stalled stream's scenario still answers here).</summary>
    public async Task<IReadOnlyList<ChatMessageContent>> GetChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null, CancellationToken cancellationToken = default)
    {
        if (chatHistory.FirstOrDefault()?.Content?.StartsWith(ClassifierPrompt.Instruction, StringComparison.Ordinal) == true)
        {
            // Acting as a routing classifier: a quick, deterministic label.
            await Task.Delay(TimeSpan.FromMilliseconds(options.FirstTokenDelayMs), time, cancellationToken).ConfigureAwait(false);
            return [new ChatMessageContent(AuthorRole.Assistant, SimulatedClassifier.Classify(chatHistory), modelId: "simulated")];
        }
        var plan = Plan(chatHistory, IsJsonMode(executionSettings), toolsOffered: false, IsFirstAttempt).Limited(MaxTokens(executionSettings));
        await Task.Delay(plan.DueTimes[0], time, cancellationToken).ConfigureAwait(false);
        ThrowIfRefusedOrDropped(plan, 0);
        var tokens = plan.FailAtToken is { } failAt ? plan.Tokens.Take(failAt) : plan.Tokens;
        return [new ChatMessageContent(AuthorRole.Assistant, string.Concat(tokens), modelId: "simulated",
            metadata: new Dictionary<string, object?> { [FinishReasons.MetadataKey] = plan.FinishReason })];
    }

    public async IAsyncEnumerable<StreamingChatMessageContent> GetStreamingChatMessageContentsAsync(
        ChatHistory chatHistory, PromptExecutionSettings? executionSettings = null, Kernel? kernel = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var plan = Plan(chatHistory, IsJsonMode(executionSettings), executionSettings?.FunctionChoiceBehavior is not null, IsFirstAttempt)
            .Limited(MaxTokens(executionSettings));
        using var pacer = new TokenPacer(_clock, time, cancellationToken);
        if (plan.Stall)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
        }
        for (var i = 0; i < plan.Tokens.Count; i++)
        {
            await pacer.WaitUntilAsync(plan.DueTimes[i]).ConfigureAwait(false);
            ThrowIfRefusedOrDropped(plan, i);
            yield return plan.Tokens is TokenList tokens ? SimulatedTextChunks.For(tokens.SpanAt(i)) : SimulatedTextChunks.For(plan.Tokens[i]);
        }
        var updates = plan.ToolCallUpdates ?? [];
        for (var j = 0; j < updates.Count; j++)
        {
            await pacer.WaitUntilAsync(plan.DueTimes[plan.Tokens.Count + j]).ConfigureAwait(false);
            yield return new StreamingChatMessageContent(AuthorRole.Assistant, null, modelId: "simulated") { Items = [updates[j]] };
        }
        await pacer.WaitUntilAsync(plan.DueTimes[^1]).ConfigureAwait(false);
        ThrowIfRefusedOrDropped(plan, plan.Tokens.Count);
        // Like OpenAI's last chunk: no text, just why the answer ended.
        yield return new StreamingChatMessageContent(AuthorRole.Assistant, null, modelId: "simulated",
            metadata: new Dictionary<string, object?> { [FinishReasons.MetadataKey] = plan.FinishReason });
    }

    private static void ThrowIfRefusedOrDropped(SimulatedPlan plan, int tokenIndex)
    {
        if (tokenIndex == 0 && plan.RefuseWithStatus is { } status)
        {
            throw new ProviderRefusedException(status, status == 429 ? TimeSpan.FromSeconds(1) : null);
        }
        if (plan.FailAtToken == tokenIndex)
        {
            throw new HttpRequestException(tokenIndex == 0
                ? "Simulated connection drop before the first token."
                : "Simulated connection drop mid-stream.", null, statusCode: null);
        }
    }

    /// <summary>The tokens and their due times (from the start of the request) for a history; pure and deterministic.</summary>
    /// <param name="firstAttempt">Whether the scenario's failure (refusal, drop, stall, length limit, filter) applies.</param>
    /// <param name="json">JSON mode (<c>response_format: json_object</c>): the answer is a structured product description.</param>
    /// <param name="toolsOffered">The request offered tools: a tool scenario calls them (see <see cref="SimulatedToolUse"/>).</param>
    public SimulatedPlan Plan(ChatHistory chatHistory, bool firstAttempt = true, bool json = false, bool toolsOffered = false) =>
        Plan(chatHistory, json, toolsOffered, _ => firstAttempt);

    // Whether this is the history's first attempt is asked only when its scenario has a failure to apply: an
    // ordinary prompt is neither hashed nor remembered.
    private SimulatedPlan Plan(ChatHistory chatHistory, bool json, bool toolsOffered, Func<ChatHistory, bool> isFirstAttempt)
    {
        var prompt = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? "";
        if (!json && SimulatedToolUse.Next(chatHistory, toolsOffered) is { } step)
        {
            var textTokens = SimulatedTokenizer.Tokenize(step.Text);
            var updates = ToolCallUpdates(step.Calls, chatHistory.Count);
            return new SimulatedPlan(textTokens, Schedule(textTokens.Count + updates.Count, prompt, slowFirstToken: false), null,
                FinishReason: updates.Count > 0 ? FinishReasons.ToolCalls : FinishReasons.Stop, ToolCallUpdates: updates);
        }
        var images = chatHistory.LastOrDefault(m => m.Role == AuthorRole.User)?.Items.OfType<ImageContent>().ToList() ?? [];
        var scenario = json ? new SimulatedScenario("", "structured", SimulatedAnswers.Product(prompt).AsMemory())
            : images.Count > 0 ? new SimulatedScenario("", "images", SimulatedAnswers.Images(prompt, images).AsMemory())
            : SimulatedScenarios.For(prompt);
        var prefix = chatHistory.Count > 0 && chatHistory[^1].Role == AuthorRole.Assistant ? chatHistory[^1].Content ?? "" : "";
        var continuing = prefix.Length > 0 && scenario.Answer.Span.StartsWith(prefix, StringComparison.Ordinal);
        var failing = !continuing && scenario.CanFail && isFirstAttempt(chatHistory);

        // A continue streams only what follows the partial answer; a failing first attempt may end early.
        var answer = continuing ? scenario.Answer[prefix.Length..]
            : failing && scenario.EndAfterFraction < 1 ? scenario.Answer[..(int)(scenario.Answer.Length * scenario.EndAfterFraction)]
            : scenario.Answer;
        var tokens = SimulatedTokenizer.Tokenize(answer);
        var due = Schedule(tokens.Count, prompt, scenario.SlowFirstToken);
        return failing
            ? new SimulatedPlan(tokens, due, scenario.FailAfterTokens, scenario.RefuseWithStatus, scenario.Stall, scenario.FinishReason)
            : new SimulatedPlan(tokens, due, null);
    }

    /// <summary>When each of <paramref name="count"/> chunks is due, plus the end: a prompt-seeded, realistic pace.</summary>
    private DueTimeList Schedule(int count, string prompt, bool slowFirstToken) =>
        // Each answer has its own pace around the configured one (±20% by default), and each token's gap strays around it (±35%).
        new(count + 1, StableHash.Of(prompt), TimeSpan.FromMilliseconds(slowFirstToken ? options.SlowFirstTokenDelayMs : options.FirstTokenDelayMs),
            options.TokensPerSecond, options.PaceVariationPercent / 100, options.TokenJitterPercent / 100);

    // Like OpenAI's stream: a call's id and name first, then its arguments in small pieces.
    private static List<StreamingFunctionCallUpdateContent> ToolCallUpdates(IReadOnlyList<SimulatedToolCall> calls, int turn)
    {
        const int pieceLength = 8;
        var updates = new List<StreamingFunctionCallUpdateContent>();
        for (var i = 0; i < calls.Count; i++)
        {
            updates.Add(new StreamingFunctionCallUpdateContent($"call_{turn}_{i}", calls[i].Name, null, i));
            for (var at = 0; at < calls[i].ArgumentsJson.Length; at += pieceLength)
            {
                var piece = calls[i].ArgumentsJson.Substring(at, Math.Min(pieceLength, calls[i].ArgumentsJson.Length - at));
                updates.Add(new StreamingFunctionCallUpdateContent(null, null, piece, i));
            }
        }
        return updates;
    }

    // JSON mode, or structured outputs (a JSON schema in the OpenAI SDK's format object, from the gateway).
    private static bool IsJsonMode(PromptExecutionSettings? settings) =>
        settings is Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings { ResponseFormat: "json_object" or OpenAI.Chat.ChatResponseFormat };

    private static int? MaxTokens(PromptExecutionSettings? settings) =>
        (settings as Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings)?.MaxTokens;

    // Failure scenarios fail once per prompt on the primary provider, so retry and failover can be demoed.
    private bool IsFirstAttempt(ChatHistory chatHistory)
    {
        if (!failOnThisProvider)
        {
            return false;
        }
        var key = StableHash.OfAll(chatHistory.Select(m => m.Content));
        if (_attempts.Count > 10_000)
        {
            _attempts.Clear();
        }
        return _attempts.AddOrUpdate(key, 1, (_, n) => n + 1) == 1;
    }
}
