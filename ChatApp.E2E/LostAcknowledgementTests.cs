using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// A reader sends its next frame once the browser has acknowledged the last one. Blazor can fail to report an
/// acknowledgement (it runs after-render only for components still in the tree, and not for a cancelled batch); here
/// the page drops one on the wire, and the answer must keep streaming rather than wait for its end.
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class LostAcknowledgementTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "100",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    private static readonly string Words = string.Join(' ', Enumerable.Range(1, 400).Select(i => $"w{i}"));

    // Drops the next window.__dropAcks render acknowledgements (SignalR "OnRenderCompleted" invocations, JSON or
    // MessagePack) the page would send.
    private const string DropAcknowledgements = """
        window.__dropAcks = 0;
        window.__droppedAcks = 0;
        const send = WebSocket.prototype.send;
        const ascii = new TextDecoder('latin1');
        WebSocket.prototype.send = function (data) {
          const text = typeof data === 'string' ? data : ascii.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : data);
          if (window.__dropAcks > 0 && text.includes('OnRenderCompleted')) {
            window.__dropAcks--;
            window.__droppedAcks++;
            return;
          }
          return send.call(this, data);
        };
        """;

    [Fact]
    public async Task AnAcknowledgementThatNeverComes_PausesTheAnswerBriefly_ThenItStreamsOn()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl, initScript: DropAcknowledgements);
        await page.SendAsync("/echo " + Words);
        var reply = page.LastAssistantMessage();
        var content = reply.Locator("[data-testid=message-content]");
        await Assertions.Expect(content).ToContainTextAsync("w20 ");

        // Streaming as usual seldom waits out the patience (0 on an idle machine); counted, not asserted: a busy one may.
        var overdueBefore = await OverdueAcknowledgementsAsync();

        await page.EvaluateAsync("() => { window.__dropAcks = 1; }");
        await page.WaitForFunctionAsync("() => window.__droppedAcks === 1");
        await page.WaitForTimeoutAsync(200); // the frame whose acknowledgement was dropped is on screen
        var before = (await content.TextContentAsync())!.Length;

        // It grows again while the answer is still streaming (not only when it ends and the message renders whole).
        await page.WaitForFunctionAsync(
            "([before]) => { const m = [...document.querySelectorAll('[data-testid=message][data-role=assistant]')].pop();"
            + " return m.dataset.status === 'streaming' && m.querySelector('[data-testid=message-content]').textContent.length > before + 20; }",
            new object[] { before }, new() { Timeout = 5_000, PollingInterval = 50 });
        output.WriteLine($"{before} characters shown when the acknowledgement was dropped ({overdueBefore} overdue before it); streaming on after it");

        await reply.WaitForStatusAsync("complete", 30_000);
        Assert.Contains("w400", await content.TextContentAsync());
        Assert.True(await OverdueAcknowledgementsAsync() > overdueBefore, "the frame sent without its acknowledgement was not counted");
    }

    // chatapp_readers_acknowledgements_overdue_total at /metrics (absent until the first one).
    private async Task<double> OverdueAcknowledgementsAsync()
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync($"{App.BaseUrl}/metrics");
        return metrics.Split('\n')
            .Where(line => line.StartsWith("chatapp_readers_acknowledgements_overdue_total", StringComparison.Ordinal))
            .Sum(line => double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture));
    }
}
