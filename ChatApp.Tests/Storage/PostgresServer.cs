using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ChatApp.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ChatApp.Tests.Storage;

/// <summary>
/// A real, throw-away PostgreSQL server (Debian's <c>postgresql</c> package) on a loopback port, with a
/// fresh data directory; stopped and deleted afterwards. initdb and postgres refuse to run as root, so
/// as root they run as the package's <c>postgres</c> user.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"chatapp-pg-{Guid.NewGuid():N}");
    private string _bin = "";

    public int Port { get; private set; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=false;Timeout=15";

    public async Task InitializeAsync()
    {
        _bin = FindPostgresBin();
        Directory.CreateDirectory(_dataDirectory);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres", _dataDirectory);
        }
        Port = FreePort();
        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", _dataDirectory, "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8");
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", _dataDirectory, "-w", "-l", Path.Combine(_dataDirectory, "server.log"), "-o",
            $"-p {Port} -k {_dataDirectory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");
    }

    /// <summary>A new, empty database on this server; returns a context factory for it.</summary>
    public async Task<IDbContextFactory<ChatDbContext>> CreateDatabaseAsync() => Factory(await CreateEmptyDatabaseAsync());

    /// <summary>A new, empty database on this server; returns its connection string (for an app's <c>Chat:Storage:ConnectionString</c>).</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        var name = $"chatapp_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return ConnectionString(name);
    }

    /// <summary>Contexts for the database of <paramref name="connectionString"/>.</summary>
    public static IDbContextFactory<ChatDbContext> Factory(string connectionString) =>
        new PostgresFactory(new DbContextOptionsBuilder<PostgresChatDbContext>().UseNpgsql(connectionString).Options);

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", _dataDirectory, "-m", "immediate", "stop");
        }
        finally
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Task RunAsPostgresAsync(string program, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited {process.ExitCode}: {await error} {await output}");
        }
    }

    private static string FindPostgresBin()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(directory => File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl")));
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).OrderDescending().FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return debian ?? onPath ?? throw new InvalidOperationException("PostgreSQL server binaries not found: apt-get install -y postgresql");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PostgresFactory(DbContextOptions<PostgresChatDbContext> options) : IDbContextFactory<ChatDbContext>
    {
        public ChatDbContext CreateDbContext() => new PostgresChatDbContext(options);
    }
}
