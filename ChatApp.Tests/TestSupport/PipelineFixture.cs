using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using ChatApp.Tools;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.TestSupport;

/// <summary>
/// The real answer pipeline (turn starter → router → tool loop → failover) over a primary provider the test
/// scripts and the simulated model as the backup, in real (short) time.
/// </summary>
public sealed class PipelineFixture
{
    public PipelineFixture(ChatOptions? options = null, ILoggerFactory? logs = null)
    {
        Options = options ?? new ChatOptions();
        Options.Simulated = new SimulatedModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 4000 };
        logs ??= NullLoggerFactory.Instance;
        var wrapped = Microsoft.Extensions.Options.Options.Create(Options);
        var time = TimeProvider.System;
        Catalog = new ProviderCatalog([
            new ChatProvider(0, "Primary", "openai", "gpt-test", Primary),
            new ChatProvider(1, "Backup", "simulated", null, new SimulatedChatCompletionService(Options.Simulated, time, failOnThisProvider: false)),
        ]);
        var failover = new FailoverChatStream(Catalog, new ProviderResilience(wrapped, time), wrapped, logs.CreateLogger<FailoverChatStream>());
        var tools = new ToolCallingChatStream(new ChatToolSet(time), failover, wrapped, time, logs.CreateLogger<ToolCallingChatStream>());
        var router = new RequestRouter(Catalog, tools, wrapped, logs.CreateLogger<RequestRouter>());
        Registry = new GenerationRegistry(time, wrapped, logs.CreateLogger<GenerationRegistry>());
        Turns = new TurnStarter(Registry, router, wrapped, logs.CreateLogger<TurnStarter>());
    }

    public ChatOptions Options { get; }

    /// <summary>The first provider entry ("Primary", kind openai, model gpt-test): answers "ok" unless the test says otherwise.</summary>
    public FakeChatService Primary { get; } = new();

    public ProviderCatalog Catalog { get; }

    public GenerationRegistry Registry { get; }

    public TurnStarter Turns { get; }

    /// <summary>Starts a page-style turn (tools offered) asking the primary provider, and waits for its outcome.</summary>
    public async Task<(Generation Generation, StreamOutcome Outcome)> AnswerAsync(string prompt, bool offerTools = true)
    {
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        var generation = Turns.Start(new AnswerRequest(history, Catalog.Default, OfferTools: offerTools));
        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(15));
        // The registry's bookkeeping (traces, metrics, the outcome's log line) runs just after the outcome.
        for (var i = 0; i < 200 && Registry.TryGetActive(generation.Id, out _); i++)
        {
            await Task.Delay(10);
        }
        return (generation, outcome);
    }
}
