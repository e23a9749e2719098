using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.E2E.Infrastructure;

/// <summary>A fake provider API: a minimal Kestrel app on a free loopback port, mapped by the subclass.</summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    protected LoopbackServer()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        App = builder.Build();
    }

    protected WebApplication App { get; }

    /// <summary>http://127.0.0.1:port, once started.</summary>
    public string BaseUrl { get; private set; } = "";

    public async Task StartAsync()
    {
        await App.StartAsync();
        BaseUrl = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
