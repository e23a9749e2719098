using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// An OpenAI-compatible chat completions server over real HTTP on loopback: streams the given words as SSE
/// chunks with a delay between them, and records whether the client closed a request before the end.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _requestAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _chunksSent;

    public FakeOpenAiServer(IReadOnlyList<string> words, TimeSpan delayBetweenChunks)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/event-stream";
            context.Response.Headers.CacheControl = "no-cache";
            var aborted = context.RequestAborted;
            try
            {
                foreach (var word in words)
                {
                    await WriteChunkAsync(context, new { role = "assistant", content = word }, null, aborted);
                    Interlocked.Increment(ref _chunksSent);
                    await Task.Delay(delayBetweenChunks, aborted);
                }
                await WriteChunkAsync(context, new { }, "stop", aborted);
                await context.Response.WriteAsync("data: [DONE]\n\n", aborted);
            }
            catch (OperationCanceledException) when (aborted.IsCancellationRequested)
            {
                _requestAborted.TrySetResult();
            }
            catch (IOException)
            {
                _requestAborted.TrySetResult();
            }
        });
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The endpoint to configure in ChatApp (the connector appends <c>/chat/completions</c>).</summary>
    public string Endpoint => BaseUrl + "/v1";

    public int ChunksSent => Volatile.Read(ref _chunksSent);

    /// <summary>Completes when a client closed its request before the stream ended.</summary>
    public Task RequestAborted => _requestAborted.Task;

    public async Task StartAsync()
    {
        await _app.StartAsync();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    private static async Task WriteChunkAsync(HttpContext context, object delta, string? finishReason, CancellationToken cancellationToken)
    {
        var chunk = new
        {
            id = "chatcmpl-fake",
            @object = "chat.completion.chunk",
            created = 0,
            model = "fake-model",
            choices = new[] { new { index = 0, delta, finish_reason = finishReason } },
        };
        await context.Response.WriteAsync($"data: {JsonSerializer.Serialize(chunk)}\n\n", cancellationToken);
        await context.Response.Body.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
