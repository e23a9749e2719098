using ChatApp.Circuits;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ChatApp.Tests.Circuits;

public sealed class PageConnectionsTests
{
    /// <summary>A request whose abort can be seen, as Kestrel's is (DefaultHttpContext alone has no lifetime to end).</summary>
    private static DefaultHttpContext Request()
    {
        var context = new DefaultHttpContext();
        var lifetime = new AbortableLifetime();
        context.Features.Set<IHttpRequestLifetimeFeature>(lifetime);
        return context;
    }

    private sealed class AbortableLifetime : IHttpRequestLifetimeFeature
    {
        private readonly CancellationTokenSource _aborted = new();

        public CancellationToken RequestAborted { get => _aborted.Token; set { } }

        public void Abort() => _aborted.Cancel();
    }

    /// <summary>A page's connection: it lasts until the request is aborted.</summary>
    private static async Task HoldUntilAborted(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [Fact]
    public async Task CloseAll_EndsEveryOpenConnection()
    {
        var connections = new PageConnections();
        var first = connections.RunAsync(Request(), HoldUntilAborted);
        var second = connections.RunAsync(Request(), HoldUntilAborted);
        Assert.Equal(2, connections.Count);
        Assert.False(first.IsCompleted);

        Assert.Equal(2, connections.CloseAll());

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, connections.Count);
    }

    [Fact]
    public async Task AfterCloseAll_ANewConnectionIsRefusedWith503AndRetryAfter_NotRun()
    {
        var connections = new PageConnections();
        connections.CloseAll();
        var reconnect = Request();
        var ran = false;

        await connections.RunAsync(reconnect, _ => { ran = true; return Task.CompletedTask; });

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, reconnect.Response.StatusCode);
        Assert.Equal("5", reconnect.Response.Headers.RetryAfter.ToString());
    }

    private sealed class EndedLifetime : IHttpRequestLifetimeFeature
    {
        public CancellationToken RequestAborted { get; set; }

        public void Abort() => throw new ObjectDisposedException("Collection"); // as Kestrel's, once the request is over
    }

    [Fact]
    public async Task CloseAll_SkipsAConnectionThatEndedDuringTheSweep_AndStillClosesTheRest()
    {
        var connections = new PageConnections();
        var ending = new DefaultHttpContext();
        ending.Features.Set<IHttpRequestLifetimeFeature>(new EndedLifetime());
        var release = new TaskCompletionSource();
        var endingRun = connections.RunAsync(ending, _ => release.Task);
        var live = connections.RunAsync(Request(), HoldUntilAborted);

        Assert.Equal(1, connections.CloseAll());

        await live.WaitAsync(TimeSpan.FromSeconds(10));
        release.SetResult();
        await endingRun;
    }

    [Fact]
    public async Task AConnectionThatEndedByItself_IsNoLongerTracked()
    {
        var connections = new PageConnections();

        await connections.RunAsync(Request(), _ => Task.CompletedTask);

        Assert.Equal(0, connections.Count);
        Assert.Equal(0, connections.CloseAll());
    }
}
