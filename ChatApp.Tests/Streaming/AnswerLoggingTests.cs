using ChatApp.Configuration;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging;

namespace ChatApp.Tests.Streaming;

/// <summary>One structured line per outcome, with the answer's id in scope; prompt and answer text only when asked for.</summary>
public sealed class AnswerLoggingTests
{
    private const string Secret = "my-secret-plan-for-monday";

    private static async Task<(IReadOnlyList<string> Lines, Guid Id)> AnswerAsync(bool includeContent)
    {
        var logs = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        var pipeline = new PipelineFixture(new ChatOptions { Logging = new LoggingOptions { IncludeContent = includeContent } }, factory);
        pipeline.Primary.StreamCallback = (_, token) => FakeChatService.Answer($"echo {Secret}", token);

        var (generation, _) = await pipeline.AnswerAsync($"/echo {Secret}", offerTools: false);
        return (logs.Lines, generation.Id);
    }

    [Fact]
    public async Task ByDefault_NoLineCarriesThePromptOrTheAnswer_AndTheOutcomeLineCarriesTheId()
    {
        var (lines, id) = await AnswerAsync(includeContent: false);

        Assert.DoesNotContain(lines, line => line.Contains(Secret, StringComparison.Ordinal));
        var outcome = Assert.Single(lines, line => line.Contains("ended complete (Completed)", StringComparison.Ordinal));
        Assert.Contains($"GenerationId={id}", outcome);
        Assert.Contains("OutputTokens=", outcome);
    }

    [Fact]
    public async Task WithIncludeContent_ThePromptAndTheAnswerAreLogged()
    {
        var (lines, _) = await AnswerAsync(includeContent: true);

        Assert.Contains(lines, line => line.Contains($"PromptText=/echo {Secret}", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.Contains($"AnswerText=echo {Secret}", StringComparison.Ordinal));
    }
}
