using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatApp.E2E.Infrastructure;

/// <summary>The real app on a real loopback port (Kestrel, not the in-memory test server), with test settings.</summary>
public sealed class AppHost : WebApplicationFactory<Program>
{
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="services">Test-only changes to the app's services (e.g. the transport's sockets).</param>
    public AppHost(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _services = services;
        // Each host gets its own data folder (SQLite file, data-protection keys) unless the test names one.
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        all.TryAdd("Chat:Storage:DataFolder", Path.Combine(Path.GetTempPath(), "chatapp-e2e", Guid.NewGuid().ToString("N")));
        // Stopping a test's host stops what still runs at once: a drain (DrainSeconds) only waits out answers the
        // test has finished with (a closed page's answer runs on through its disconnect grace). DrainTests drains.
        all.TryAdd("Chat:Streaming:DrainSeconds", "0");
        _settings = all;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    /// <summary>What the app logged at Warning and above, for a failure message.</summary>
    public WarningLog Warnings { get; } = new();

    /// <summary>Where this host keeps its database and keys.</summary>
    public string DataFolder => _settings["Chat:Storage:DataFolder"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Host settings, so values read while the app is being built (the data folder) see them too.
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(Warnings));
        if (_services is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }
}
