using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ChatApp.E2E.Infrastructure;

/// <summary>
/// nginx (Debian's package) as an ordinary process in front of app instances, running the README's example
/// configuration (<c>deploy/nginx/chatapp.conf</c>) with only its upstream servers and port replaced.
/// </summary>
public sealed partial class NginxServer : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "chatapp-nginx", Guid.NewGuid().ToString("N"));
    private Process? _process;

    public string BaseUrl { get; private set; } = "";

    public static async Task<NginxServer> StartAsync(IEnumerable<string> instances)
    {
        var nginx = new NginxServer();
        await nginx.RunAsync(instances);
        return nginx;
    }

    private async Task RunAsync(IEnumerable<string> instances)
    {
        Directory.CreateDirectory(_folder);
        var port = FreePort();
        var example = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "deploy", "chatapp.conf"));
        var servers = string.Join("\n", instances.Select(url => $"    server {new Uri(url).Authority};"));
        var site = ServerLines().Replace(example, "", 1);
        site = site.Replace("    hash $chatapp_route consistent;\n", $"    hash $chatapp_route consistent;\n{servers}\n").Replace("listen 8080;", $"listen 127.0.0.1:{port};");
        Assert.Contains(servers, site);
        // For the tests only: which instance answered (to find route cookies that land on each).
        site = site.Replace("        proxy_buffering off;", "        proxy_buffering off;\n        add_header X-Upstream $upstream_addr always;");
        var temp = (string name) => $"{name}_temp_path {Path.Combine(_folder, name)};";
        await File.WriteAllTextAsync(Path.Combine(_folder, "nginx.conf"), $$"""
            daemon off;
            worker_processes 1;
            pid {{Path.Combine(_folder, "nginx.pid")}};
            error_log {{Path.Combine(_folder, "error.log")}} warn;
            events { worker_connections 4096; }
            http {
                access_log off;
                {{temp("client_body")}} {{temp("proxy")}} {{temp("fastcgi")}} {{temp("uwsgi")}} {{temp("scgi")}}
            {{site}}
            }
            """);
        var start = new ProcessStartInfo(File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx" : "nginx")
        {
            ArgumentList = { "-c", Path.Combine(_folder, "nginx.conf"), "-p", _folder },
            UseShellExecute = false, // it logs to its error_log; no pipes a worker could hold open after the master is gone
        };
        _process = Process.Start(start)!;
        BaseUrl = $"http://127.0.0.1:{port}";
        for (var i = 0; ; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (i < 200 && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>A route cookie value that nginx sends to <paramref name="instanceUrl"/> (probed: the hash decides).</summary>
    public async Task<string> RouteToAsync(string instanceUrl)
    {
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false });
        var authority = new Uri(instanceUrl).Authority;
        for (var i = 0; i < 200; i++)
        {
            var route = $"r{i}";
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{BaseUrl}/healthz");
            request.Headers.Add("Cookie", $"chatapp_route={route}");
            using var response = await http.SendAsync(request);
            if (response.Headers.TryGetValues("X-Upstream", out var upstream) && upstream.Single() == authority)
            {
                return route;
            }
        }
        throw new InvalidOperationException($"no route cookie value reaches {authority}");
    }

    [GeneratedRegex(@"(    server 127\.0\.0\.1:\d+;\n)+")]
    private static partial Regex ServerLines();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true); // the master and its worker
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
