using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Tools;
using ChatApp.Tests.TestSupport;
using ChatApp.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Answers;

/// <summary>One turn starter for the page and the endpoints, over the real pipeline and the simulated model.</summary>
public sealed class TurnStarterTests
{
    private readonly ChatOptions _options = new() { Simulated = new SimulatedModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 4000 } };
    private readonly ProviderCatalog _catalog;
    private readonly GenerationRegistry _registry;
    private readonly TurnStarter _turns;

    public TurnStarterTests()
    {
        var options = Options.Create(_options);
        var time = TimeProvider.System;
        _catalog = new ProviderCatalog([new ChatProvider(0, "Simulated", "simulated", null, new SimulatedChatCompletionService(_options.Simulated, time, failOnThisProvider: true))]);
        var failover = new FailoverChatStream(_catalog, new ProviderResilience(options, time), options, NullLogger<FailoverChatStream>.Instance);
        var tools = new ToolCallingChatStream(new ChatToolSet(time), failover, options, time, NullLogger<ToolCallingChatStream>.Instance);
        var router = new RequestRouter(_catalog, tools, options, NullLogger<RequestRouter>.Instance);
        _registry = new GenerationRegistry(time, options, NullLogger<GenerationRegistry>.Instance);
        _turns = new TurnStarter(_registry, router, options, NullLogger<TurnStarter>.Instance);
    }

    private static ChatHistory Ask(string prompt)
    {
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        return history;
    }

    [Fact]
    public async Task APageTurn_RunsTheToolsInsideTheStream_AndItsLogTellsTheWholeAnswer()
    {
        var generation = _turns.Start(new AnswerRequest(Ask("/calc 6 * 7"), _catalog.Default, OfferTools: true));

        var answer = await AnswerLogReader.ReadAllAsync(generation.Log).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Complete, answer.Status);
        var card = Assert.Single(answer.ToolCalls);
        Assert.Equal(("calculate", ToolCallState.Complete, "42"), (card.Name, card.State, card.Result));
        Assert.Contains("42", answer.Text);
        Assert.Equal(generation.Text, answer.Text);
    }

    [Fact]
    public async Task AnEndpointTurn_OffersNoTools()
    {
        var generation = _turns.Start(new AnswerRequest(Ask("/calc 6 * 7"), _catalog.Default));

        var answer = await AnswerLogReader.ReadAllAsync(generation.Log).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Complete, answer.Status);
        Assert.Empty(answer.ToolCalls);
    }

    [Fact]
    public async Task AContinue_StartsFromThePartialAndItsCards_AndItsOwnToolRoundsComeAfterThem()
    {
        var earlier = new ToolCallView(0, 0, "c0", "get_current_time", "{}", ToolCallState.Complete, "noon", 0);
        var history = Ask("/calc 1 + 1");
        history.AddAssistantMessage("Partial ");
        var answerId = Guid.NewGuid();

        var generation = _turns.Start(new AnswerRequest(history, _catalog.Default, OfferTools: true, AnswerId: answerId,
            InitialText: "Partial ", ToolCalls: [earlier], ContinuedFrom: "Other model"));
        var answer = await AnswerLogReader.ReadAllAsync(generation.Log).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(answerId, generation.Id);
        Assert.StartsWith("Partial ", answer.Text);
        Assert.Equal("Other model", answer.ContinuedFrom);
        Assert.Equal([0, 1], answer.ToolCalls.Select(c => c.Round));
    }

    [Fact]
    public async Task AFailingProvider_EndsWithAWordedFailure_NotAnException()
    {
        var generation = _turns.Start(new AnswerRequest(Ask("/drop"), _catalog.Default));

        var answer = await AnswerLogReader.ReadAllAsync(generation.Log).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(GenerationStatus.Error, answer.Status);
        Assert.Contains("Simulated", answer.Outcome!.ErrorMessage);
    }
}
