using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Storage;
using ChatApp.Streaming;
using Microsoft.Extensions.Options;

namespace ChatApp.Circuits;

/// <summary>
/// Drain on shutdown: from the stop signal on (SIGTERM) no new answer starts here and readiness says so; running
/// answers may finish for <c>Chat:Streaming:DrainSeconds</c>; then the rest are stopped as interrupted by shutdown
/// and their partial text is saved (the final checkpoints are awaited) before the host goes away. It drains in
/// <see cref="StoppingAsync"/>, which runs before any hosted service stops (the web server among them), so the
/// server keeps answering — refusals, readiness, the running streams — all through the drain. Then the pages'
/// connections are closed (<see cref="PageConnections"/>): the host exits now, not at its shutdown timeout.
/// </summary>
public sealed class GenerationShutdownService(GenerationRegistry registry, ShutdownDrain drain, AttemptCheckpointer checkpointer,
    PageConnections pages, IHostApplicationLifetime lifetime, IOptions<ChatOptions> options, TimeProvider time,
    ILogger<GenerationShutdownService> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Stopping is signalled before any hosted service stops: refuse new answers from that moment.
        lifetime.ApplicationStopping.Register(drain.Begin);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        drain.Begin();
        var running = registry.ActiveGenerations;
        if (running.Count > 0)
        {
            var limit = TimeSpan.FromSeconds(options.Value.Streaming.DrainSeconds);
            logger.LogInformation("Draining: {Count} running answer(s) may finish for up to {Seconds} s", running.Count, limit.TotalSeconds);
            try
            {
                await Task.WhenAll(running.Select(g => g.Completion)).WaitAsync(limit, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                logger.LogWarning("Drain time over: stopping {Count} answer(s) still running, their text kept", registry.ActiveCount);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("The host's shutdown timeout ended the drain early");
            }
            try
            {
                await registry.StopAllAsync(StopReason.Shutdown, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Shutdown timeout reached before every answer stopped");
            }
        }
        // Every answer's last checkpoint (its outcome) lands before the database goes away.
        try
        {
            await checkpointer.PendingAsync().WaitAsync(TimeSpan.FromSeconds(10), time, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            logger.LogWarning("Some answers' last checkpoints did not finish before shutdown");
        }
        var closed = pages.CloseAll();
        if (closed > 0)
        {
            logger.LogInformation("Closed {Count} page connection(s): nothing left here for them to follow", closed);
        }
    }
}
