using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// Backpressure on the SSE endpoint over real HTTP: a client that stops reading never makes the server queue
/// events for it. Its socket and the response buffer fill, the server's writer waits, and when the client reads
/// again it gets what arrived meanwhile in a few larger events — all the text, once, in order.
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class SlowSseReaderTests(ITestOutputHelper output) : IDisposable
{
    private const int Words = 6000;
    private readonly AppHost _app = new(new Dictionary<string, string?>
    {
        ["Chat:Simulated:TokensPerSecond"] = "2000",
        ["Chat:Simulated:FirstTokenDelayMs"] = "20",
        ["Kestrel:Limits:MaxResponseBufferSize"] = "4096",
    }, services => services.Configure<SocketTransportOptions>(transport =>
    {
        // Buffers of a real network path, not loopback's: Linux grows a loopback socket's send buffer to megabytes
        // (its MSS is 64 KB), which would hold most of an answer for a client that stopped reading. Accepted sockets
        // inherit the listener's; the transport's own write buffer is small too.
        transport.MaxWriteBufferSize = 4096;
        transport.CreateBoundListenSocket = endpoint =>
        {
            var socket = SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
            socket.SendBufferSize = 4096;
            return socket;
        };
    }));

    [Fact]
    public async Task AReaderThatStopsReading_GetsFewerLargerEvents_WithAllTheTextOnce()
    {
        var expected = string.Join(' ', Enumerable.Range(1, Words).Select(i => $"w{i}"));
        var fast = ReadAsync(pauseAfterFirstEvent: TimeSpan.Zero);
        var slow = ReadAsync(pauseAfterFirstEvent: TimeSpan.FromSeconds(4));
        var (fastChunks, slowChunks) = (await fast, await slow);

        output.WriteLine($"reading along: {fastChunks.Count} content events, largest {fastChunks.Max(c => c.Length)} chars");
        output.WriteLine($"stopped reading for 4 s: {slowChunks.Count} content events, largest {slowChunks.Max(c => c.Length)} chars");
        Assert.Equal(expected, string.Concat(fastChunks));
        Assert.Equal(expected, string.Concat(slowChunks));
        // Events the paused reader could not take were never queued: what arrived meanwhile came as a few large ones.
        Assert.True(slowChunks.Count < fastChunks.Count, $"{slowChunks.Count} events for the paused reader vs {fastChunks.Count}");
        // 4 s of answer is ~20,000 characters; the buffers hold a few thousand: the rest comes as one catch-up event.
        Assert.True(slowChunks.Max(c => c.Length) >= 5000, "no catch-up event carried the text that arrived during the pause");
    }

    // One streamed completion of the whole echo; the client's socket takes little at a time (a small receive buffer).
    private async Task<List<string>> ReadAsync(TimeSpan pauseAfterFirstEvent)
    {
        using var http = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096, NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        });
        var prompt = "/echo " + string.Join(' ', Enumerable.Range(1, Words).Select(i => $"w{i}"));
        var body = JsonSerializer.Serialize(new { stream = true, messages = new[] { new { role = "user", content = prompt } } });
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_app.BaseUrl}/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var events = new SseReader(await response.Content.ReadAsStreamAsync());
        var chunks = new List<string>();
        var paused = false;
        while (await events.NextAsync() is { } next && next.Data != "[DONE]")
        {
            var content = next.Json.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var text) ? text.GetString() : null;
            if (content is { Length: > 0 })
            {
                chunks.Add(content);
                if (!paused && pauseAfterFirstEvent > TimeSpan.Zero)
                {
                    paused = true;
                    await Task.Delay(pauseAfterFirstEvent);
                }
            }
        }
        return chunks;
    }

    public void Dispose() => _app.Dispose();
}
