using System.Runtime.CompilerServices;
using System.Text;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Streaming;
using ChatApp.Streaming.Tools;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tools;

/// <summary>
/// Tool calling around the provider stream. The tools are offered with Semantic Kernel's
/// <see cref="FunctionChoiceBehavior.Auto"/> (the model decides when to call them), and this loop invokes
/// them rather than the connector (<c>autoInvoke: false</c>): it is the same for every provider kind,
/// including the simulated one, and it is what lets each call be a card that streams its arguments, runs
/// in parallel with the other calls of its round, ends when its own result arrives, and feeds an unknown
/// tool or a failure back to the model as an error result while the answer carries on. Text before and
/// after the calls streams around the cards. After <c>Chat:Tools:MaxSteps</c> rounds, one more request for
/// tools ends the answer with a visible <see cref="ToolStepLimitException"/>.
/// </summary>
public sealed class ToolCallingChatStream(ChatToolSet tools, FailoverChatStream failover, IOptions<ChatOptions> options, TimeProvider time, ILogger<ToolCallingChatStream> logger)
{
    private const int PreviewLength = 600;
    private readonly Kernel _kernel = new();

    /// <param name="offerTools">Offer the tools (the chat page does; JSON mode and the HTTP endpoints do not).</param>
    /// <param name="firstRound">The round number of this answer's first calls (a continue's rounds follow the ones already on the answer).</param>
    public IAsyncEnumerable<AnswerUpdate> StreamAsync(
        ChatHistory history, ChatProvider provider, bool offerTools, int firstRound,
        CancellationToken cancellationToken, PromptExecutionSettings? settings = null) =>
        offerTools && options.Value.Tools.Enabled
            ? WithToolsAsync(history, provider, firstRound, cancellationToken, settings)
            : failover.StreamAsync(history, provider, cancellationToken, settings); // no layer per token without tools

    private async IAsyncEnumerable<AnswerUpdate> WithToolsAsync(
        ChatHistory history, ChatProvider provider, int firstRound,
        [EnumeratorCancellation] CancellationToken cancellationToken, PromptExecutionSettings? settings)
    {
        var conversation = new ChatHistory(history); // the tool turns belong to this answer only
        var withTools = WithTools(settings);
        var maxSteps = options.Value.Tools.MaxSteps;
        var textSoFar = history.Count > 0 && history[^1].Role == AuthorRole.Assistant; // a continue's prefix
        var answering = provider.Name;
        var asking = provider;
        for (var step = 0; ; step++)
        {
            var round = firstRound + step;
            var assembler = new ToolCallAssembler();
            var roundText = new StringBuilder();
            await foreach (var update in failover.StreamAsync(conversation, asking, cancellationToken, withTools, toolsOptional: true).ConfigureAwait(false))
            {
                switch (update)
                {
                    case ToolCallDelta delta:
                        assembler.Add(delta);
                        yield return delta with { Round = round };
                        continue;
                    case TextDelta text when step > 0 && roundText.Length == 0:
                        yield return new StatusUpdate(answering, null); // the tools are done: the answer speaks again
                        if (textSoFar)
                        {
                            // The text after the cards is a new paragraph, also in the stored markdown.
                            yield return new TextDelta("\n\n");
                        }
                        break;
                    case StatusUpdate status:
                        answering = status.ProviderName;
                        // The next rounds of this answer ask the provider that took over, not the one that failed.
                        asking = status.Kind == StatusKind.Failover ? failover.ProviderNamed(status.ProviderName) ?? asking : asking;
                        break;
                }
                if (update is TextDelta { Text: var written })
                {
                    roundText.Append(written);
                    textSoFar = true;
                }
                yield return update;
            }

            var calls = assembler.Build();
            if (calls.Count == 0)
            {
                yield break;
            }
            if (step >= maxSteps)
            {
                foreach (var (index, _) in calls)
                {
                    yield return new ToolCallResult(round, index, Succeeded: false, $"Not run: the limit of {maxSteps} tool rounds per answer was reached.");
                }
                throw new ToolStepLimitException(maxSteps);
            }

            var assistantTurn = new ChatMessageContent(AuthorRole.Assistant, roundText.ToString());
            foreach (var (_, call) in calls)
            {
                assistantTurn.Items.Add(call);
            }
            conversation.Add(assistantTurn);
            yield return new StatusUpdate(answering, calls.Count == 1 ? $"Calling {calls[0].Call.FunctionName}…" : $"Calling {calls.Count} tools…", StatusKind.Tools);
            // Every call of the round runs at once; each card ends when its own result is in.
            var running = calls.Select(c => InvokeAsync(c.Call, round, c.Index, cancellationToken)).ToList();
            await foreach (var done in Task.WhenEach(running).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return (await done.ConfigureAwait(false)).Card;
            }
            foreach (var invocation in running)
            {
                conversation.Add((await invocation.ConfigureAwait(false)).ForModel.ToChatMessage());
            }
            yield return new StatusUpdate(answering, "Reading the tool results…", StatusKind.Tools);
        }
    }

    private PromptExecutionSettings WithTools(PromptExecutionSettings? settings)
    {
        var copy = settings?.Clone() ?? new PromptExecutionSettings();
        copy.FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(tools.Functions, autoInvoke: false);
        return copy;
    }

    /// <returns>What the card shows, and the result the model gets.</returns>
    private async Task<(ToolCallResult Card, FunctionResultContent ForModel)> InvokeAsync(FunctionCallContent call, int round, int index, CancellationToken cancellationToken)
    {
        var (succeeded, result, hint) = await RunAsync(call, cancellationToken).ConfigureAwait(false);
        // A failure goes back to the model as the call's result, so it can explain or try something else.
        return (new ToolCallResult(round, index, succeeded, Preview(result)), new FunctionResultContent(call, succeeded ? result : $"Error: {result}{hint}"));
    }

    /// <returns>The result (or error) shown on the card, and for an error a hint only the model needs.</returns>
    private async Task<(bool Succeeded, string Result, string? Hint)> RunAsync(FunctionCallContent call, CancellationToken cancellationToken)
    {
        if (call.Exception is { } malformed)
        {
            return (false, $"The arguments are not valid JSON ({malformed.Message}).", null);
        }
        if (tools.Find(call.FunctionName) is not { } function)
        {
            return (false, $"unknown tool '{call.FunctionName}'", $". The tools are: {string.Join(", ", tools.Functions.Select(f => f.Name))}.");
        }
        var limit = TimeSpan.FromSeconds(options.Value.Tools.CallTimeoutSeconds);
        using var timeout = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var value = await function.InvokeAsync(_kernel, call.Arguments ?? [], linked.Token).ConfigureAwait(false);
            return (true, value.ToString(), null);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (false, $"{call.FunctionName} did not finish within {limit.TotalSeconds:0} seconds (Chat:Tools:CallTimeoutSeconds).", null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogInformation(ex, "Tool {Tool} failed", call.FunctionName);
            return (false, (ex.InnerException is ArgumentException inner ? inner : ex).Message, null);
        }
    }

    private static string Preview(string result) => result.Length <= PreviewLength ? result : result[..PreviewLength] + "…";
}
