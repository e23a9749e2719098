using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using ChatApp.Streaming;
using ChatApp.Streaming.Tools;
using ChatApp.Tools;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Tools;

/// <summary>The tool loop over the simulated model, in real (short) time: the timer tool really waits.</summary>
public sealed class ToolCallingChatStreamTests
{
    private readonly ChatOptions _options = new()
    {
        Simulated = new SimulatedModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 4000 },
    };
    private readonly FakeTimeProvider _toolTime = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    /// <summary>The loop over the simulated model, and a generation that is about to read it.</summary>
    private (Func<CancellationToken, IAsyncEnumerable<AnswerUpdate>> Open, Generation Generation) Start(string prompt, bool offerTools = true)
    {
        var options = Options.Create(_options);
        var time = TimeProvider.System;
        var catalog = new ProviderCatalog([new ChatProvider(0, "Simulated", "simulated", null, new SimulatedChatCompletionService(_options.Simulated, time, failOnThisProvider: false))]);
        var failover = new FailoverChatStream(catalog, new ProviderResilience(options, time), options, NullLogger<FailoverChatStream>.Instance);
        var loop = new ToolCallingChatStream(new ChatToolSet(_toolTime), failover, options, _toolTime, NullLogger<ToolCallingChatStream>.Instance);
        var generation = new Generation("Simulated", time, GenerationOptions.Default);
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        return (token => FailureAsUpdate.Wrap(loop.StreamAsync(history, catalog.Default, offerTools, firstRound: 0, token), "Simulated", token), generation);
    }


    /// <summary>Runs an answer whose tools do not wait on the clock.</summary>
    private async Task<(Generation Generation, StreamOutcome Outcome, IReadOnlyList<AnswerLogs.Frame> Frames)> AnswerAsync(string prompt, bool offerTools = true)
    {
        var (open, generation) = Start(prompt, offerTools);
        var frames = generation.RecordFrames();
        await generation.RunAsync(open);
        return (generation, await generation.Completion, frames.Frames);
    }

    [Fact]
    public async Task ParallelCalls_EachCardCompletesOnItsOwnResult_TheSlowerLast_ThenTheAnswerUsesBoth()
    {
        var (open, generation) = Start("/tools");
        var frames = generation.RecordFrames();
        var run = generation.RunAsync(open);

        // The clock (asked for second) completes while the timer (asked for first) is still running.
        Eventually.True(() => generation.ToolCalls is [_, { State: ToolCallState.Complete }], "the clock call completes");
        Assert.Equal(ToolCallState.Running, generation.ToolCalls[0].State);
        Assert.Equal("Calling 2 tools…", generation.View().StatusLine);
        // Then time passes (in steps: the timer is set up on another thread) and the timer goes off.
        for (var i = 0; i < 200 && !run.IsCompleted; i++)
        {
            _toolTime.Advance(TimeSpan.FromMilliseconds(100));
            await Task.WhenAny(run, Task.Delay(10));
        }
        await run;
        var outcome = await generation.Completion;

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        var cards = generation.ToolCalls;
        Assert.Equal(["start_timer", "get_current_time"], cards.Select(c => c.Name));
        Assert.All(cards, c => Assert.Equal(ToolCallState.Complete, c.State));
        Assert.Contains(frames.Frames, f => f.ToolCalls is [{ State: ToolCallState.Running }, { State: ToolCallState.Complete }]);
        Assert.Equal("{\"seconds\":1.5,\"label\":\"tea\"}", cards[0].Arguments);
        Assert.Contains("Asia/Tokyo", cards[1].Result);
        Assert.Contains("tea timer went off", cards[0].Result);
        // Text before the cards, the cards, then the answer as a new paragraph that uses both results.
        Assert.StartsWith("I'll start a 1.5-second tea timer", generation.Text);
        Assert.Equal(generation.Text.IndexOf("\n\nBoth tools have answered", StringComparison.Ordinal), cards[0].TextOffset);
        Assert.Contains(cards[1].Result!, generation.Text);
        Assert.Null(generation.View().StatusLine);
    }

    [Fact]
    public async Task UnknownTool_CardIsAnError_TheErrorGoesBackToTheModel_AndTheAnswerCarriesOn()
    {
        var (generation, outcome, _) = await AnswerAsync("/tools-unknown");

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        var card = Assert.Single(generation.ToolCalls);
        Assert.Equal(("get_weather", ToolCallState.Error), (card.Name, card.State));
        Assert.Equal("unknown tool 'get_weather'", card.Result);
        // The model got the error (with the list of tools) as the call's result, and answered from it.
        Assert.Contains("no weather tool (the app answered *Error: unknown tool 'get_weather'*)", generation.Text);
    }

    [Fact]
    public async Task ToolThatFails_ShowsTheErrorOnItsCard_AndTheModelExplains()
    {
        var (generation, outcome, _) = await AnswerAsync("/calc 2 +");

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        var card = Assert.Single(generation.ToolCalls);
        Assert.Equal(("calculate", ToolCallState.Error), (card.Name, card.State));
        Assert.Contains("'2 +' is not an expression I can evaluate", card.Result);
        Assert.StartsWith("The tool could not do it", generation.Text);
    }

    [Fact]
    public async Task Calculator_ResultComesBackIntoTheAnswer()
    {
        var (generation, _, _) = await AnswerAsync("/calc (17 * 23) + 4");

        Assert.Equal("395", Assert.Single(generation.ToolCalls).Result);
        Assert.Equal("`(17 * 23) + 4` = **395**", generation.Text);
    }

    [Fact]
    public async Task MaxSteps_OneMoreRoundOfCalls_EndsTheAnswerVisibly_KeepingTextAndCards()
    {
        _options.Tools.MaxSteps = 2;

        var (generation, outcome, _) = await AnswerAsync("/tools-loop");

        Assert.Equal((GenerationStatus.Error, FailureKind.ToolStepLimit), (outcome.Status, outcome.Failure));
        Assert.Contains("all 2 rounds of tool calls allowed (Chat:Tools:MaxSteps)", outcome.ErrorMessage);
        Assert.Equal([ToolCallState.Complete, ToolCallState.Complete, ToolCallState.Error], generation.ToolCalls.Select(c => c.State));
        Assert.Contains("limit of 2 tool rounds", generation.ToolCalls[2].Result);
        Assert.Contains("Checking the clock again (round 3)", generation.Text);
    }

    [Fact]
    public async Task ToolsNotOffered_NoCallIsMade_AndTheAnswerSaysSo()
    {
        var (generation, outcome, _) = await AnswerAsync("/tools", offerTools: false);

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Empty(generation.ToolCalls);
        Assert.StartsWith("Tools are off for this request", generation.Text);
    }

    [Fact]
    public async Task ToolsDisabledByConfiguration_NoCallIsMade()
    {
        _options.Tools.Enabled = false;

        var (generation, _, _) = await AnswerAsync("/time Europe/Paris");

        Assert.Empty(generation.ToolCalls);
    }

    [Fact]
    public async Task StoppedWhileAToolRuns_TheRunningCardEndsAsAnError()
    {
        var (open, generation) = Start("/tools");
        var run = generation.RunAsync(open);

        Eventually.True(() => generation.ToolCalls is [_, { State: ToolCallState.Complete }], "the clock call completes");
        generation.Stop();
        await run;

        Assert.Equal(GenerationStatus.Stopped, (await generation.Completion).Status);
        Assert.Equal((ToolCallState.Error, "Stopped before it finished."), (generation.ToolCalls[0].State, generation.ToolCalls[0].Result));
        Assert.Equal(ToolCallState.Complete, generation.ToolCalls[1].State);
    }
}
