using ChatApp.Streaming;

namespace ChatApp.Circuits;

/// <summary>On shutdown, stops every running answer (keeping its partial text) before the host goes away.</summary>
public sealed class GenerationShutdownService(GenerationRegistry registry, ILogger<GenerationShutdownService> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var running = registry.ActiveCount;
        if (running == 0)
        {
            return;
        }
        logger.LogInformation("Shutting down: stopping {Count} running answer(s)", running);
        try
        {
            await registry.StopAllAsync(StopReason.Shutdown, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached before every answer stopped");
        }
    }
}
