using System.Runtime.CompilerServices;
using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Providers;

public sealed class FailoverChatStreamTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeChatService _primary = new();
    private readonly FakeChatService _backup = new();
    private readonly ChatOptions _options = new() { Streaming = new() { FirstTokenTimeoutSeconds = 10 } };
    private readonly ProviderCatalog _catalog;
    private readonly FailoverChatStream _failover;

    public FailoverChatStreamTests()
    {
        _catalog = new ProviderCatalog([
            new ChatProvider(0, "Primary", "openai", "p", _primary),
            new ChatProvider(1, "Backup", "openai", "b", _backup),
        ]);
        var options = Options.Create(_options);
        _failover = new FailoverChatStream(_catalog, new ProviderResilience(options, _time), options, NullLogger<FailoverChatStream>.Instance);
    }

    /// <summary>
    /// Moves fake time forward in small steps until <paramref name="done"/>, returning how far it went.
    /// Steps rather than one jump: a timer the code under test creates a moment later (on another thread)
    /// would miss a single Advance, and a busy machine must not turn that into a failure.
    /// </summary>
    /// <param name="limit">A bound in real time (a loaded machine may need many steps), not in fake time.</param>
    private TimeSpan AdvanceUntil(Func<bool> done, TimeSpan step, TimeSpan limit)
    {
        var advanced = TimeSpan.Zero;
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(started.Elapsed < limit, $"not done after advancing {advanced} in {started.Elapsed}");
            Thread.Sleep(10);
            _time.Advance(step);
            advanced += step;
        }
        return advanced;
    }

    private Generation Run(Action<Generation>? beforeStart = null)
    {
        var generation = new Generation("Primary", _time, GenerationOptions.Default with { MaxDuration = TimeSpan.FromHours(1) });
        beforeStart?.Invoke(generation);
        var history = new ChatHistory();
        history.AddUserMessage("hi");
        _ = generation.RunAsync(token => FailureAsUpdate.Wrap(_failover.StreamAsync(history, _catalog.Providers[0], token), "Primary", token));
        return generation;
    }

    [Fact]
    public async Task PrimaryOverloaded_SameRequestGoesToTheNextProvider_WithAStatusLine()
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(529));
        _backup.StreamCallback = (_, token) => FakeChatService.Answer("from backup", token);
        AnswerLogs.FrameRecorder? frames = null;
        var generation = Run(g => frames = g.RecordFrames());

        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(StreamOutcome.Completed, outcome);
        Assert.Equal("from backup ", generation.Text);
        Assert.Equal("Backup", generation.ProviderName);
        Assert.Contains("Primary is busy — answering with Backup", frames!.Frames.Select(f => f.StatusLine));
    }

    [Theory]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task PrimaryRefusesWithFailoverableStatus_BackupAnswers(int status)
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(status));

        await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, _backup.StreamingCalls);
    }

    [Fact]
    public async Task ConnectionRefused_BackupAnswers()
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new HttpRequestException("Connection refused"));

        var outcome = await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Equal(1, _backup.StreamingCalls);
    }

    [Fact]
    public async Task BadRequest_IsNotRetriedElsewhere_ErrorNamesTheStatus()
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(400));

        var outcome = await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FailureKind.Refused, outcome.Failure);
        Assert.Equal(400, outcome.StatusCode);
        Assert.Equal(0, _backup.StreamingCalls);
    }

    [Fact]
    public async Task DeadPrimary_CircuitOpens_LaterRequestsSkipItWithoutCallingIt()
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(500));
        await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));
        await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, _primary.StreamingCalls);

        var third = await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(GenerationStatus.Complete, third.Status);
        Assert.Equal(2, _primary.StreamingCalls); // skipped while its circuit is open
        Assert.Equal(3, _backup.StreamingCalls);

        _time.Advance(TimeSpan.FromSeconds(_options.Failover.BreakDurationSeconds + 1));
        _primary.StreamCallback = (_, token) => FakeChatService.Answer("back", token);
        await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(3, _primary.StreamingCalls); // tried again after the break
    }

    [Fact]
    public async Task BusyWithShortRetryAfter_WaitsThatLongThenRetriesTheSameProvider()
    {
        _primary.StreamCallback = (call, token) => call == 1
            ? FakeChatService.Refuse(new ProviderRefusedException(429, TimeSpan.FromSeconds(2)))
            : FakeChatService.Answer("after waiting", token);
        var generation = Run();
        Eventually.True(() => _primary.StreamingCalls == 1, "the first request");

        var waited = AdvanceUntil(() => _primary.StreamingCalls == 2, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30));

        Assert.True(waited >= TimeSpan.FromSeconds(2), $"retried after {waited}, before Retry-After's 2 s");
        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Equal("after waiting ", generation.Text);
        Assert.Equal(0, _backup.StreamingCalls);
    }

    [Fact]
    public async Task NoFirstTokenInTime_NonStreamingAnswerFromTheSameProviderAppearsAtOnce()
    {
        _primary.StreamCallback = (_, token) => FakeChatService.Stall(token);
        _primary.CompleteCallback = (_, _) => Task.FromResult("the whole answer");
        var generation = Run();
        Eventually.True(() => _primary.StreamingCalls == 1, "the streaming request");

        var waited = AdvanceUntil(() => generation.Completion.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

        var outcome = await generation.Completion;
        Assert.True(waited >= TimeSpan.FromSeconds(10), $"gave up on the first token after {waited}, before the 10 s timeout");
        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Equal("the whole answer", generation.Text);
        Assert.Equal(1, _primary.NonStreamingCalls);
        Assert.Equal(0, _backup.StreamingCalls);
    }

    [Fact]
    public async Task NoFirstTokenAndNoFallbackAnswer_NextProviderAnswers()
    {
        _primary.StreamCallback = (_, token) => FakeChatService.Stall(token);
        var generation = Run();
        Eventually.True(() => _primary.StreamingCalls == 1, "the streaming request");

        // Fake time stops once the backup is asked: advancing on would time the backup out too on a loaded machine.
        var waited = AdvanceUntil(() => _backup.StreamingCalls == 1 || generation.Completion.IsCompleted, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(2));

        var outcome = await generation.Completion.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(waited >= TimeSpan.FromSeconds(10), $"moved on after {waited}, before the 10 s timeout");
        Assert.Equal(GenerationStatus.Complete, outcome.Status);
        Assert.Equal("ok ", generation.Text);
        Assert.Equal("Backup", generation.ProviderName);
    }

    [Fact]
    public async Task FailureAfterTheFirstToken_NeverSwitchesSilently_PartialKept()
    {
        _primary.StreamCallback = (_, token) => DropAfterFirstWord(token);

        var outcome = await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FailureKind.ConnectionDropped, outcome.Failure);
        Assert.Equal(0, _backup.StreamingCalls);
    }

    [Fact]
    public async Task EveryProviderDown_ErrorSaysWhatHappened()
    {
        _primary.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(503));
        _backup.StreamCallback = (_, _) => FakeChatService.Refuse(new ProviderRefusedException(503));

        var outcome = await Run().Completion.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(FailureKind.Refused, outcome.Failure);
        Assert.Contains("busy", outcome.ErrorMessage);
    }

    private static async IAsyncEnumerable<StreamingChatMessageContent> DropAfterFirstWord([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return new StreamingChatMessageContent(AuthorRole.Assistant, "Half");
        throw new HttpRequestException("connection reset", null, statusCode: null);
    }

    private static PromptExecutionSettings WithTools() => new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto([], autoInvoke: false) };

    private static IAsyncEnumerable<StreamingChatMessageContent> RefusesTools() =>
        throw new HttpOperationException(System.Net.HttpStatusCode.BadRequest,
            """{"error":{"message":"registry.ollama.ai/library/llama2 does not support tools"}}""", "Service request failed.", null);

    private async Task<StreamOutcome> AnswerAsync(PromptExecutionSettings settings, bool toolsOptional)
    {
        var generation = new Generation("Primary", _time, GenerationOptions.Default with { MaxDuration = TimeSpan.FromHours(1) });
        var history = new ChatHistory();
        history.AddUserMessage("hi");
        await generation.RunAsync(token => FailureAsUpdate.Wrap(_failover.StreamAsync(history, _catalog.Providers[0], token, settings, toolsOptional), "Primary", token));
        return await generation.Completion;
    }

    [Fact]
    public async Task AppToolsRefusedByTheModel_AskedAgainWithoutThem_AndWithoutThemFromThenOn()
    {
        _primary.StreamCallback = (call, token) => call == 1 ? RefusesTools() : FakeChatService.Answer("plain answer", token);

        var first = await AnswerAsync(WithTools(), toolsOptional: true);
        var second = await AnswerAsync(WithTools(), toolsOptional: true);

        Assert.Equal((GenerationStatus.Complete, GenerationStatus.Complete), (first.Status, second.Status));
        Assert.Equal([true, false, false], _primary.StreamingSettings.Select(s => s?.FunctionChoiceBehavior is not null));
        Assert.Equal(0, _backup.StreamingCalls);
    }

    [Fact]
    public async Task ClientToolsRefusedByTheModel_AreNotDropped_TheRefusalIsTheOutcome()
    {
        _primary.StreamCallback = (_, _) => RefusesTools();

        var outcome = await AnswerAsync(WithTools(), toolsOptional: false);

        Assert.Equal(FailureKind.Refused, outcome.Failure);
        Assert.Contains("does not support tools", outcome.ErrorMessage);
        Assert.Equal(1, _primary.StreamingCalls);
    }
}
