using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// What the WebSocket carries while an answer streams, at the pace the cheap-readers issue measured peers at
/// (one ~2,000-character paragraph at ~330 tokens/s): about the appended text per frame, not the open block again.
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class WebSocketPayloadTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "330",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    private static readonly string Paragraph = "Streaming " + string.Join(' ', Enumerable.Range(1, 220).Select(i => $"word{i:D3}")) + ".";

    [Fact]
    public async Task TheWebSocket_CarriesAboutTheAppendedText_NotTheParagraphEachFrame()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var batches = new List<byte[]>();
        var counting = false;
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            if (Volatile.Read(ref counting))
            {
                lock (batches)
                {
                    batches.AddRange(HubMessages(frame.Binary ?? System.Text.Encoding.UTF8.GetBytes(frame.Text ?? "")));
                }
            }
        };
        await page.ReloadAsync(); // the socket opens after the handler is attached
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();

        Volatile.Write(ref counting, true);
        await page.SendAsync("/echo " + Paragraph);
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");
        Volatile.Write(ref counting, false);

        var content = reply.Locator("[data-testid=message-content]");
        var finalHtml = System.Text.Encoding.UTF8.GetByteCount(await content.InnerHTMLAsync());
        var frames = int.Parse((await content.GetAttributeAsync("data-frames"))!);
        List<byte[]> all; // SignalR messages
        lock (batches)
        {
            all = [.. batches];
        }
        // The streaming frames' batches: those that carry the paragraph's text, but not the prompt's, the finished
        // message's buttons, the conversation list's new title, or the screen readers' one announcement of the
        // finished answer ("… answered: " and up to 1,200 characters of it). A busy machine coalesces more per frame,
        // and may send the announcement without the title beside it: counted as a frame, its ~4.6 KB read as ~95
        // bytes more envelope per frame on CI.
        var batchesOfTheAnswer = all.Where(b => Contains(b, "JS.RenderBatch") && !Contains(b, "message-user")).ToList();
        var streaming = batchesOfTheAnswer.Where(b => Contains(b, "word") && !Contains(b, "message-actions") && !Contains(b, "conversation-row")
                                                      && !Contains(b, " answered: ")).ToList();
        var total = all.Sum(b => (long)b.Length);
        var perFrame = streaming.Average(b => b.Length);
        var appendedPerFrame = (double)Paragraph.Length / streaming.Count;
        var streamingBytes = streaming.Sum(b => (long)b.Length);
        output.WriteLine($"whole exchange: {total:N0} bytes received (prompt included) for {finalHtml:N0} bytes of final HTML ({(double)total / finalHtml:F1}×); " +
                         $"the answer's batches without the prompt's: {batchesOfTheAnswer.Sum(b => (long)b.Length):N0} bytes ({batchesOfTheAnswer.Sum(b => (double)b.Length) / finalHtml:F1}×)");
        output.WriteLine($"streaming: {streaming.Count} frame batches (data-frames {frames}), {perFrame:F0} bytes each on average for {appendedPerFrame:F0} appended characters: " +
                         $"{perFrame - appendedPerFrame:F0} bytes beyond the appended text; {streamingBytes:N0} bytes in all ({(double)streamingBytes / finalHtml:F1}× the final HTML)");

        // Each frame's envelope (its batch beyond the text it appends).
        var envelopes = streaming.Select(b => b.Length - appendedPerFrame).Order().ToList();
        var medianEnvelope = envelopes[envelopes.Count / 2];
        output.WriteLine($"envelope per frame: median {medianEnvelope:F0} bytes, largest {envelopes[^1]:F0}; batch sizes in order: " +
                         string.Join(",", streaming.Select(b => b.Length)));
        foreach (var large in streaming.Skip(1).Where(b => b.Length - appendedPerFrame > 200))
        {
            output.WriteLine("a larger batch: " + new string(large.Select(c => c is >= 32 and < 127 ? (char)c : '.').ToArray()));
        }

        Assert.True(streaming.Count >= frames - 6, $"{streaming.Count} streaming batches found for {frames} frames");
        // The open paragraph is never re-sent, nor anything around it: a frame costs the appended text plus a fixed envelope.
        Assert.True(perFrame - appendedPerFrame <= 200, $"{perFrame - appendedPerFrame:F0} bytes per frame beyond the appended text");
        Assert.True(streaming.Skip(1).All(b => b.Length < Paragraph.Length / 2), "a frame re-sent a large part of the paragraph");
        Assert.True(streamingBytes <= 10 * finalHtml, $"{streamingBytes:N0} bytes of streaming frames for {finalHtml:N0} bytes of final HTML");
    }

    // A WebSocket frame may carry several SignalR messages (a busy server sends the composer's render and a frame's
    // render together): split it, so each render batch is counted on its own. Binary (MessagePack) messages are each
    // prefixed with their length as a 7-bit varint (counted with it); text (JSON) ones end with the record separator 0x1E.
    private static List<byte[]> HubMessages(byte[] frame)
    {
        var messages = new List<byte[]>();
        if (frame.Length > 0 && frame[^1] == 0x1E)
        {
            foreach (var range in frame.AsSpan(0, frame.Length - 1).Split((byte)0x1E))
            {
                messages.Add(frame[range]);
            }
            return messages;
        }
        var at = 0;
        while (at < frame.Length)
        {
            var start = at; // the message with its length prefix: the bytes it costs on the wire
            var (length, shift) = (0, 0);
            byte b;
            do
            {
                b = frame[at++];
                length |= (b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0 && at < frame.Length);
            var end = Math.Min(frame.Length, at + length);
            messages.Add(frame[start..end]);
            at = end;
        }
        return messages;
    }

    private static bool Contains(byte[] bytes, string ascii) => bytes.AsSpan().IndexOf(System.Text.Encoding.ASCII.GetBytes(ascii)) >= 0;
}
