using System.Runtime.CompilerServices;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Lab;

/// <summary>
/// Starts a lab pane's answer: the simulated model at the pane's pace (time to first token, tokens per second,
/// jitter; no per-answer pace variation, so the knob is what you get), produced like any other answer — an event
/// log read by the pane, frames at the pane's interval — and listed with the server's running answers.
/// </summary>
public sealed class LabAnswers(GenerationRegistry registry, IOptions<ChatOptions> options, TimeProvider time)
{
    public const string ProviderName = "Simulated (lab)";

    /// <summary>The presets, "this app's defaults" from <c>Chat:Simulated</c>.</summary>
    public IReadOnlyList<LabPreset> Presets => LabPreset.All(options.Value.Simulated.FirstTokenDelayMs, options.Value.Simulated.TokensPerSecond);

    public Generation Start(LabPaneSettings settings, string prompt)
    {
        var model = new SimulatedModelOptions
        {
            FirstTokenDelayMs = settings.FirstTokenMs,
            TokensPerSecond = settings.TokensPerSecond,
            SlowFirstTokenDelayMs = options.Value.Simulated.SlowFirstTokenDelayMs,
            PaceVariationPercent = 0, // a pane streams at exactly its own pace, with its own jitter
            TokenJitterPercent = settings.JitterPercent,
        };
        var service = new SimulatedChatCompletionService(model, time, failOnThisProvider: false);
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        var timing = GenerationOptions.From(options.Value.Streaming) with { FrameInterval = settings.FrameInterval };
        return registry.Start(ProviderName, token => StreamAsync(service, history, token), subject: new AnswerSubject(ProviderKinds.Simulated, "lab"), options: timing, shared: false);
    }

    private static async IAsyncEnumerable<AnswerUpdate> StreamAsync(IChatCompletionService service, ChatHistory history, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in service.GetStreamingChatMessageContentsAsync(history, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            foreach (var update in ProviderUpdates.From(chunk))
            {
                yield return update;
            }
        }
    }
}
