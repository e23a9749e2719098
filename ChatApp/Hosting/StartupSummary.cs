using System.Data.Common;
using ChatApp.Configuration;
using ChatApp.Providers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace ChatApp.Hosting;

/// <summary>
/// Once the app listens, one line says where, with which providers and on which storage (never a key or a
/// password), so a newcomer's first <c>dotnet run</c> ends with what they need to know.
/// </summary>
public sealed class StartupSummary(IHostApplicationLifetime lifetime, IServer server, ProviderCatalog providers, IOptions<ChatOptions> options,
    IHostEnvironment environment, ILogger<StartupSummary> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Started callbacks run newest first: going through the thread pool puts this line after the host's own.
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            await Task.Delay(50);
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            logger.LogInformation("ChatApp is ready at {Addresses}: providers {Providers}; conversations in {Storage}",
                string.Join(", ", addresses), Describe(providers), Describe(options.Value.Storage, environment));
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Describe(ProviderCatalog providers) =>
        string.Join(", ", providers.Providers.Select(p => p.Model is { } model && model != p.Name ? $"{p.Name} ({p.Kind}, {model})" : $"{p.Name} ({p.Kind})"));

    /// <summary>The storage in words: the SQLite file, or the PostgreSQL host and database (no credentials).</summary>
    public static string Describe(StorageOptions storage, IHostEnvironment environment)
    {
        if (storage.Provider == "postgres")
        {
            var parts = new DbConnectionStringBuilder { ConnectionString = storage.ConnectionString ?? "" };
            return $"PostgreSQL at {Value(parts, "Host")}/{Value(parts, "Database")}";
        }
        var file = storage.ConnectionString is { } connection
            ? Value(new DbConnectionStringBuilder { ConnectionString = connection }, "Data Source")
            : Path.Combine(storage.DataFolder, "chat.db");
        return $"SQLite file {Path.GetFullPath(Path.Combine(environment.ContentRootPath, file))}";
    }

    private static string Value(DbConnectionStringBuilder parts, string key) => parts.TryGetValue(key, out var value) ? value?.ToString() ?? "?" : "?";
}
