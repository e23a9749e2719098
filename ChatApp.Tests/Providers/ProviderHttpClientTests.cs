using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ChatApp.Hosting;
using ChatApp.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace ChatApp.Tests.Providers;

/// <summary>The providers' HttpClient as the app configures it, against a real socket.</summary>
public sealed class ProviderHttpClientTests
{
    [Fact]
    public async Task AStreamGivenUp_ClosesItsConnectionAtOnce_InsteadOfReadingOnToReuseIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = StreamUntilClosedAsync(listener);
        using var services = new ServiceCollection().AddChatStreaming().BuildServiceProvider();
        var client = services.GetRequiredService<IHttpClientFactory>().CreateClient(ProviderCatalog.HttpClientName);

        var response = await client.GetAsync($"http://127.0.0.1:{port}/v1/chat/completions", HttpCompletionOption.ResponseHeadersRead);
        var body = await response.Content.ReadAsStreamAsync();
        Assert.True(await body.ReadAsync(new byte[16]) > 0);
        var gaveUp = Stopwatch.GetTimestamp();
        response.Dispose(); // what the SDK does when the answer stops reading (Stop, failover) between two reads

        var closedAt = await server.WaitAsync(TimeSpan.FromSeconds(10));
        // By default the handler drains an unfinished body for up to 2 s to reuse the connection: the provider
        // would go on generating (and billing) a stopped answer meanwhile.
        var open = Stopwatch.GetElapsedTime(gaveUp, closedAt);
        Assert.True(open < TimeSpan.FromSeconds(1), $"the connection stayed open {open.TotalMilliseconds:F0} ms after the stream was given up");
    }

    // A provider that streams events until its client closes the connection; returns when it noticed.
    private static async Task<long> StreamUntilClosedAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        await using var stream = new NetworkStream(socket);
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            request.Append(Encoding.ASCII.GetString(buffer, 0, await stream.ReadAsync(buffer)));
        }
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"u8.ToArray());
        var closed = stream.ReadAsync(new byte[1]).AsTask(); // 0 bytes: the client closed its end
        var chunk = "15\r\ndata: {\"delta\":\"x\"}\n\n\r\n"u8.ToArray();
        try
        {
            while (!closed.IsCompleted)
            {
                await stream.WriteAsync(chunk);
                await Task.WhenAny(closed, Task.Delay(10));
            }
        }
        catch (IOException)
        {
            // The client reset the connection while a chunk was on its way.
        }
        return Stopwatch.GetTimestamp();
    }
}
