using ChatApp.Configuration;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace ChatApp.Tests.Streaming;

public sealed class GenerationRegistryTests
{
    [Fact]
    public async Task Stop_IsTrueWhileTheAnswerRuns_AndFalseOnceItsOutcomeIsDecided_ThoughItHasNotLeftTheRegistryYet()
    {
        var registry = new GenerationRegistry(TimeProvider.System, Microsoft.Extensions.Options.Options.Create(new ChatOptions()), NullLogger<GenerationRegistry>.Instance);
        var stopWhileEnding = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        // Ended runs after the outcome is in the log (a client may already have it) and before the answer leaves.
        registry.Ended += (generation, _) => stopWhileEnding.TrySetResult(registry.Stop(generation.Id));
        var script = new ScriptedStream();
        var generation = registry.Start("Test model", script.ReadAsync);
        script.Send("partial ");
        Eventually.True(() => generation.Status == GenerationStatus.Streaming, "the answer streams");

        Assert.True(registry.Stop(generation.Id));

        Assert.False(await stopWhileEnding.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(GenerationStatus.Stopped, (await generation.Completion).Status);
    }
}
