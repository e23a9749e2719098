using ChatApp.E2E.Infrastructure;
using Microsoft.Playwright;

namespace ChatApp.E2E;

/// <summary>
/// The block that is still streaming grows in place in a real browser: its element stays the same node, a frame
/// appends text instead of re-creating it, a reader can select text in it, and the WebSocket carries about what
/// was appended, not the block again each frame (<see cref="WebSocketPayloadTests"/>).
/// </summary>
[Collection(E2ECollection.LaneA)]
public sealed class OpenBlockGrowthTests(BrowserFixture browser) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "60",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    // ~2,000 characters in one paragraph: no block ever finishes before the end.
    private static readonly string Paragraph = "Streaming " + string.Join(' ', Enumerable.Range(1, 220).Select(i => $"word{i:D3}")) + ".";

    // Counts element nodes removed from the last answer's content (the cursor, which moves, aside).
    private const string WatchRemovals = """
        (tag) => {
          const content = [...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop();
          window.__watched = content.querySelector(tag);
          window.__removed = [];
          new MutationObserver(records => records.forEach(r => r.removedNodes.forEach(n => {
            if (n.nodeType === 1 && !n.classList.contains('stream-cursor')) window.__removed.push(n.tagName);
          }))).observe(content, { childList: true, subtree: true });
        }
        """;

    private const string WatchedIsKept = "() => window.__watched.isConnected && window.__removed.length === 0";

    [Fact]
    public async Task AStreamingParagraph_KeepsItsNode_AndTextSelectedInItStaysSelected()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo " + Paragraph);
        var reply = page.LastAssistantMessage();
        var paragraph = reply.Locator("[data-testid=message-content] p");
        await Assertions.Expect(paragraph).ToContainTextAsync("word010");
        await page.EvaluateAsync(WatchRemovals, "p");

        // A reader double-clicks the first word while the paragraph is still streaming. The point is taken relative to
        // the paragraph, where the first word stays while lines are added below it. (Forced: Playwright's wait for a
        // stable box would never end on a paragraph that grows.) The page itself follows the answer down, and on a busy
        // machine it can move a line between Playwright's measuring the box and the click landing (a CI run selected
        // "word010", the first word of the second line): then the reader clicks again, as a person would.
        var selected = "";
        for (var attempt = 0; attempt < 5 && selected != "Streaming"; attempt++)
        {
            var offset = await page.EvaluateAsync<double[]>("""
                () => {
                  const p = window.__watched, range = document.createRange();
                  range.setStart(p.firstChild, 0); range.setEnd(p.firstChild, 1);
                  const r = range.getBoundingClientRect(), box = p.getBoundingClientRect();
                  return [r.x - box.x + r.width * 2, r.y - box.y + r.height / 2];
                }
                """);
            await paragraph.DblClickAsync(new() { Position = new() { X = (float)offset[0], Y = (float)offset[1] }, Force = true });
            selected = (await page.EvaluateAsync<string>("() => getSelection().toString()")).Trim();
        }
        Assert.Equal("Streaming", selected);
        var lengthAtSelection = (await paragraph.InnerTextAsync()).Length;

        // Checked with 120 of its 220 words still to come (~4 s), so the answer is surely still streaming.
        await Assertions.Expect(paragraph).ToContainTextAsync("word100", new() { Timeout = 30_000 });
        Assert.Equal("streaming", await reply.GetAttributeAsync("data-status"));
        Assert.True((await paragraph.InnerTextAsync()).Length > lengthAtSelection + 500, "the paragraph should have grown by many frames");
        Assert.Equal("Streaming", (await page.EvaluateAsync<string>("() => getSelection().toString()")).Trim());
        Assert.True(await page.EvaluateAsync<bool>(WatchedIsKept), "the streaming paragraph's node was replaced");
        await Screenshots.SaveAsync(page, "selection-in-streaming-paragraph.png");

        await reply.WaitForStatusAsync("complete");
        Assert.True(await page.EvaluateAsync<bool>(WatchedIsKept), "the paragraph's node was replaced when the answer finished");
        Assert.Equal("Streaming", (await page.EvaluateAsync<string>("() => getSelection().toString()")).Trim());
        await Assertions.Expect(paragraph).ToHaveTextAsync(Paragraph);
    }

    [Fact]
    public async Task AStreamingCodeBlock_KeepsItsPre_UntilTheFenceClosesAndItIsHighlighted()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var code = string.Concat(Enumerable.Range(1, 30).Select(i => $"for i in range({i}): total = compute(i)\n"));
        await page.SendAsync($"/echo ```python\n{code}```\n\nDone.");
        var reply = page.LastAssistantMessage();
        var pre = reply.Locator("[data-testid=message-content] pre");
        await Assertions.Expect(pre).ToContainTextAsync("range(2)");
        await page.EvaluateAsync(WatchRemovals, "pre");

        // Checked with 15 of its 30 lines still to come (~4 s): the fence must not have closed by then, even when a
        // busy browser applies several frames at once.
        await Assertions.Expect(pre).ToContainTextAsync("range(15)", new() { Timeout = 30_000 });
        Assert.True(await page.EvaluateAsync<bool>(WatchedIsKept), "the open code block's <pre> was re-created while it streamed");
        await Screenshots.SaveAsync(page, "open-code-block-mid-stream.png");

        await reply.WaitForStatusAsync("complete");
        // Closed: highlighted, as one new block (the plain one is replaced once, not per token).
        await Assertions.Expect(reply.Locator("[data-testid=message-content] pre code span").First).ToBeAttachedAsync();
        Assert.True(await page.EvaluateAsync<int>("() => window.__removed.filter(t => t === 'PRE').length") <= 1);
    }

    [Fact]
    public async Task AStreamingQuote_KeepsItsEarlierParagraphs()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        var quote = string.Join("\n>\n", Enumerable.Range(1, 5).Select(p => $"> Quoted paragraph {p}, long enough to take a few frames to arrive in full."));
        await page.SendAsync($"/echo {quote}");
        var reply = page.LastAssistantMessage();
        var quoted = reply.Locator("[data-testid=message-content] blockquote");
        await Assertions.Expect(quoted).ToContainTextAsync("paragraph 1");
        await page.EvaluateAsync(WatchRemovals, "blockquote");

        await reply.WaitForStatusAsync("complete");

        Assert.True(await page.EvaluateAsync<bool>(WatchedIsKept), "the quote or one of its paragraphs was re-created");
        await Assertions.Expect(quoted.Locator("p")).ToHaveCountAsync(5);
    }
}
