using ChatApp.Configuration;
using ChatApp.Providers.Simulated;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Providers.Simulated;

public sealed class SimulatedChatCompletionServiceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly SimulatedModelOptions _options = new() { FirstTokenDelayMs = 300, TokensPerSecond = 60, SlowFirstTokenDelayMs = 5000 };

    private SimulatedChatCompletionService Service => new(_options, _time);

    private static ChatHistory Prompt(string prompt)
    {
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        return history;
    }

    [Fact]
    public void Plan_SamePrompt_SameTokensAndSameTimes()
    {
        var first = Service.Plan(Prompt("Explain caching"));
        var second = new SimulatedChatCompletionService(_options, new FakeTimeProvider()).Plan(Prompt("Explain caching"));

        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(first.DueTimes, second.DueTimes);
    }

    [Theory]
    [InlineData("/long", 14_000)]
    [InlineData("/code", 1_000)]
    [InlineData("/table", 500)]
    [InlineData("What is a frame?", 300)]
    public void Plan_TokensJoinIntoTheWholeAnswer(string prompt, int minimumLength)
    {
        var plan = Service.Plan(Prompt(prompt));

        Assert.Equal(SimulatedScenarios.For(prompt).Answer.ToString(), plan.Text);
        Assert.True(plan.Text.Length >= minimumLength, $"{prompt}: {plan.Text.Length} chars");
        Assert.All(plan.Tokens, token => Assert.InRange(token.Length, 1, 40));
    }

    [Fact]
    public void Plan_PaceFollowsConfiguration()
    {
        var plan = Service.Plan(Prompt("/long"));

        Assert.Equal(TimeSpan.FromMilliseconds(300), plan.DueTimes[0]);
        var seconds = (plan.DueTimes[^1] - plan.DueTimes[0]).TotalSeconds;
        var tokensPerSecond = plan.Tokens.Count / seconds;
        Assert.InRange(tokensPerSecond, 60 * 0.75, 60 * 1.25);
    }

    [Fact]
    public void Plan_SlowScenario_UsesTheSlowFirstTokenDelay()
    {
        Assert.Equal(TimeSpan.FromSeconds(5), Service.Plan(Prompt("/slow hello")).DueTimes[0]);
    }

    [Fact]
    public async Task Stream_FirstTokenArrivesExactlyAtTheConfiguredDelay()
    {
        var enumerator = Service.GetStreamingChatMessageContentsAsync(Prompt("/echo hi there")).GetAsyncEnumerator();
        var next = enumerator.MoveNextAsync().AsTask();

        _time.Advance(TimeSpan.FromMilliseconds(299));
        await Task.Delay(20);
        Assert.False(next.IsCompleted, "a token arrived before the first-token delay");
        _time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("hi", enumerator.Current.Content);
        await enumerator.DisposeAsync();
    }

    [Fact]
    public async Task Stream_ErrorScenario_DropsMidStreamAfterSomeTokens()
    {
        _options.FirstTokenDelayMs = 0;
        _options.TokensPerSecond = 100_000;
        var received = new List<string>();

        var error = await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var delta in new SimulatedChatCompletionService(_options, TimeProvider.System).GetStreamingChatMessageContentsAsync(Prompt("/error")))
            {
                received.Add(delta.Content!);
            }
        });

        Assert.Contains("mid-stream", error.Message);
        Assert.NotEmpty(received);
    }

    [Fact]
    public async Task Stream_DropScenario_FailsBeforeTheFirstToken()
    {
        _options.FirstTokenDelayMs = 0;
        var service = new SimulatedChatCompletionService(_options, TimeProvider.System);

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var _ in service.GetStreamingChatMessageContentsAsync(Prompt("/drop")))
            {
                Assert.Fail("no token should arrive");
            }
        });
    }

    [Fact]
    public async Task Stream_Cancelled_StopsWithoutMoreTokens()
    {
        using var cts = new CancellationTokenSource();
        var enumerator = Service.GetStreamingChatMessageContentsAsync(Prompt("/long"), cancellationToken: cts.Token).GetAsyncEnumerator();
        var next = enumerator.MoveNextAsync().AsTask();

        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Plan_HistoryEndsWithPartialAnswer_StreamsOnlyTheRest()
    {
        var full = Service.Plan(Prompt("/table")).Text;
        var history = Prompt("/table");
        history.AddAssistantMessage(full[..100]);

        var rest = Service.Plan(history).Text;

        Assert.Equal(full[100..], rest);
    }

    private SimulatedChatCompletionService Instant => new(new SimulatedModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 100_000 }, TimeProvider.System);

    private static async Task<(string Text, string? FinishReason)> CollectAsync(IAsyncEnumerable<StreamingChatMessageContent> stream)
    {
        var text = new System.Text.StringBuilder();
        string? finish = null;
        await foreach (var chunk in stream)
        {
            text.Append(chunk.Content);
            finish = ChatApp.Providers.ProviderUpdates.FinishReasonOf(chunk) ?? finish;
        }
        return (text.ToString(), finish);
    }

    [Fact]
    public async Task MaxTokens_CutsTheAnswerThere_WithFinishReasonLength()
    {
        var full = Service.Plan(Prompt("/long"));
        var settings = new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings { MaxTokens = 7 };

        var (text, finish) = await CollectAsync(Instant.GetStreamingChatMessageContentsAsync(Prompt("/long"), settings));

        Assert.Equal(string.Concat(full.Tokens.Take(7)), text);
        Assert.Equal("length", finish);
    }

    [Fact]
    public async Task MaxTokens_LongerThanTheAnswer_ChangesNothing()
    {
        var settings = new Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings { MaxTokens = 10_000 };

        var (text, finish) = await CollectAsync(Instant.GetStreamingChatMessageContentsAsync(Prompt("/echo short"), settings));

        Assert.Equal(("short", "stop"), (text, finish));
    }

    [Theory]
    [InlineData("/429", 429)]
    [InlineData("/529", 529)]
    [InlineData("/500", 500)]
    public async Task RefusalScenario_RefusesTheFirstRequestOnly(string prompt, int status)
    {
        var service = Instant;

        var refused = await Assert.ThrowsAsync<ChatApp.Providers.ProviderRefusedException>(() => CollectAsync(service.GetStreamingChatMessageContentsAsync(Prompt(prompt))));
        var retried = await CollectAsync(service.GetStreamingChatMessageContentsAsync(Prompt(prompt)));

        Assert.Equal(status, refused.Status);
        Assert.Equal(status == 429 ? TimeSpan.FromSeconds(1) : null, refused.RetryAfter);
        Assert.Equal("stop", retried.FinishReason);
    }

    [Fact]
    public async Task RefusalScenario_OnASecondProvider_Answers()
    {
        var backup = new SimulatedChatCompletionService(new SimulatedModelOptions { FirstTokenDelayMs = 0, TokensPerSecond = 100_000 }, TimeProvider.System, failOnThisProvider: false);

        var (text, finish) = await CollectAsync(backup.GetStreamingChatMessageContentsAsync(Prompt("/529 hello")));

        Assert.NotEmpty(text);
        Assert.Equal("stop", finish);
    }

    [Fact]
    public async Task LengthScenario_EndsWithFinishReasonLength_AndAContinueCompletesIt()
    {
        var service = Instant;
        var first = await CollectAsync(service.GetStreamingChatMessageContentsAsync(Prompt("/length")));
        var history = Prompt("/length");
        history.AddAssistantMessage(first.Text);

        var rest = await CollectAsync(service.GetStreamingChatMessageContentsAsync(history));

        Assert.Equal("length", first.FinishReason);
        Assert.Equal("stop", rest.FinishReason);
        Assert.Equal(SimulatedAnswers.Long(), first.Text + rest.Text);
    }

    [Fact]
    public async Task FilterScenario_EndsWithFinishReasonContentFilter()
    {
        Assert.Equal("content_filter", (await CollectAsync(Instant.GetStreamingChatMessageContentsAsync(Prompt("/filter")))).FinishReason);
    }

    [Fact]
    public async Task StallScenario_StreamSendsNothing_ButANonStreamingRequestAnswers()
    {
        var service = Instant;
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CollectAsync(service.GetStreamingChatMessageContentsAsync(Prompt("/stall"), cancellationToken: cts.Token)));
        var answer = await service.GetChatMessageContentsAsync(Prompt("/stall"));

        Assert.NotEmpty(Assert.Single(answer).Content!);
    }

    [Fact]
    public async Task ErrorScenarioWithCount_DropsAfterThatManyTokens()
    {
        var received = 0;
        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            await foreach (var chunk in Instant.GetStreamingChatMessageContentsAsync(Prompt("/error 40")))
            {
                received++;
            }
        });

        Assert.Equal(40, received);
    }

    [Fact]
    public async Task DropScenario_FailsOncePerHistory_ARetryAnswers_AndAnotherHistoryFailsAgain()
    {
        _options.FirstTokenDelayMs = 0;
        _options.TokensPerSecond = 100_000;
        var service = new SimulatedChatCompletionService(_options, TimeProvider.System);
        async Task<string> StreamAsync(string prompt)
        {
            var text = "";
            await foreach (var delta in service.GetStreamingChatMessageContentsAsync(Prompt(prompt)))
            {
                text += delta.Content;
            }
            return text;
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => StreamAsync("/drop first"));
        Assert.NotEmpty(await StreamAsync("/drop first"));
        await Assert.ThrowsAsync<HttpRequestException>(() => StreamAsync("/drop second"));
    }

    [Fact]
    public async Task NonStreaming_ReturnsTheWholeAnswer()
    {
        _options.FirstTokenDelayMs = 0;
        _options.TokensPerSecond = 100_000;

        var result = await new SimulatedChatCompletionService(_options, TimeProvider.System).GetChatMessageContentsAsync(Prompt("/echo all at once"));

        Assert.Equal("all at once", Assert.Single(result).Content);
    }
}
