using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>What the incremental markdown engine looks like in a real Browser.</summary>
// Alone: it judges how many states of the answer a browser drew, and a browser busy beside another lane draws few.
[Collection(E2ECollection.Alone)]
public sealed class MarkdownStreamingTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "120",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    [Fact]
    public async Task AnAnswerEndingMidSpan_KeepsItsLastFrame_NoRawMarkersAppearAtTheEnd()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/echo The model stopped in **the middle of `code");
        var reply = page.LastAssistantMessage();
        var content = reply.Locator("[data-testid=message-content]");
        await Assertions.Expect(content).ToContainTextAsync("the middle of");
        var streaming = await content.InnerHTMLAsync();
        await reply.WaitForStatusAsync("complete");

        await Assertions.Expect(content.Locator("strong code")).ToHaveTextAsync("code");
        Assert.DoesNotContain("**", await content.InnerTextAsync());
        Assert.DoesNotContain("`", await content.InnerTextAsync());
        output.WriteLine($"mid-stream: {streaming}");
    }

    [Fact]
    public async Task LongAnswer_FirstParagraphIsTheSameDomNodeAtTheEnd()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        // Once the first section's paragraph has started, the heading line is complete, so the intro paragraph
        // is a finished block. (An h2 alone is not enough: while its line is incomplete, the paragraph above it
        // is still part of the open tail and is rendered once more when the line ends.)
        await Assertions.Expect(reply.Locator("[data-testid=message-content] h2 + p").First).ToBeAttachedAsync();
        await page.EvaluateAsync("""
            () => {
              const content = [...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop();
              window.__firstParagraph = content.querySelector('p');
              window.__firstParagraph.dataset.marked = 'kept';
            }
            """);
        await Assertions.Expect(reply.Locator("[data-testid=message-content] h2")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        await page.Keyboard.PressAsync("Escape");
        await reply.WaitForStatusAsync("stopped");

        var identity = await page.EvaluateAsync<bool[]>("""
            () => {
              const content = [...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop();
              return [window.__firstParagraph.isConnected, content.querySelector('p') === window.__firstParagraph];
            }
            """);
        Assert.True(identity[0], "the first paragraph's node was removed from the document");
        Assert.True(identity[1], "the first paragraph is a different node at the end");
    }

    [Fact]
    public async Task LongAnswer_EveryParagraphAndListItemKeepsItsNode_FromTheMomentTheNextOneAppears()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/long");
        var reply = page.LastAssistantMessage();
        await Assertions.Expect(reply.Locator("[data-testid=message-content] p").First).ToBeAttachedAsync();
        // Whenever the DOM changes, every paragraph but the last one, and every list item but the last one, is
        // one the user can already read in full: remember its node. Text selected in it must survive the stream.
        await page.EvaluateAsync("""
            () => {
              const content = [...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop();
              window.__kept = new Set();
              window.__items = new Set();
              const remember = () => {
                [...content.querySelectorAll('p')].slice(0, -1).forEach(p => window.__kept.add(p));
                [...content.querySelectorAll('li')].slice(0, -1).forEach(li => window.__items.add(li));
              };
              remember();
              new MutationObserver(remember).observe(content, { childList: true, subtree: true, characterData: true });
            }
            """);

        await Assertions.Expect(reply.Locator("[data-testid=message-content] li").Nth(1)).ToBeAttachedAsync();
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "list-streaming.png")}");
        await Assertions.Expect(reply.Locator("[data-testid=message-content] h2")).ToHaveCountAsync(5, new() { Timeout = 40_000 });
        await page.Keyboard.PressAsync("Escape");
        await reply.WaitForStatusAsync("stopped");

        var counts = await page.EvaluateAsync<int[]>("""
            () => [window.__kept.size, [...window.__kept].filter(p => !p.isConnected).length,
                   window.__items.size, [...window.__items].filter(li => !li.isConnected).length]
            """);
        Assert.True(counts[0] >= 10, $"only {counts[0]} paragraphs were seen");
        Assert.True(counts[2] >= 10, $"only {counts[2]} list items were seen");
        Assert.Equal((0, 0), (counts[1], counts[3]));
    }

    [Fact]
    public async Task CodeBlock_OpenAndPlainUntilItsFenceCloses_ThenClosedAndHighlighted_InTheSameBox()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        // Every state of the first code block while it is open, recorded in the page as it happens (a check
        // made from the test a moment later could already see the closed block).
        await page.EvaluateAsync($$"""
            () => {
              window.__open = [];
              new MutationObserver(() => {
                const block = document.querySelector('[data-testid=message][data-role=assistant] [data-testid=code-block]');
                if (block?.dataset.state === 'open') {
                  window.__open.push({ language: block.dataset.language, keywords: block.querySelectorAll('span.keyword').length,
                    copies: block.querySelectorAll('[data-testid=copy-code]').length, box: ({{BoxOfFirstCodeBlock}})() });
                }
              }).observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
            }
            """);
        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        var firstBlock = reply.Locator("[data-testid=code-block]").First;

        await Assertions.Expect(firstBlock).ToHaveAttributeAsync("data-state", "closed", new() { Timeout = 20_000 });
        var open = await page.EvaluateAsync<OpenBlockState[]>("() => window.__open");
        Assert.True(open.Length >= 3, $"the block was seen open in only {open.Length} states");
        Assert.All(open, state => Assert.Equal((0, 0), (state.Keywords, state.Copies)));
        Assert.Equal("csharp", open[^1].Language); // (until the fence's line ends, its language may still grow)
        var openPadding = open[^1].Box;

        Assert.True(await firstBlock.Locator("span.keyword").CountAsync() > 0, "no highlight spans after the fence closed");
        await Assertions.Expect(firstBlock.Locator("[data-testid=copy-code]")).ToBeVisibleAsync();
        var closedPadding = await page.EvaluateAsync<string>(BoxOfFirstCodeBlock);
        Assert.Equal(openPadding, closedPadding);
        Assert.Contains("monospace", openPadding);

        await reply.WaitForStatusAsync("complete", 30_000);
        var bash = reply.Locator("[data-testid=code-block][data-language=bash]");
        await Assertions.Expect(bash).ToHaveAttributeAsync("data-state", "closed");
        Assert.Equal(0, await bash.Locator("code span").CountAsync()); // ColorCode has no bash: plain, escaped
    }

    private sealed class OpenBlockState
    {
        public string Language { get; set; } = "";
        public int Keywords { get; set; }
        public int Copies { get; set; }
        public string Box { get; set; } = "";
    }

    // Read in one step: the open block is re-rendered every frame, so a node found earlier may be gone.
    private const string BoxOfFirstCodeBlock = """
        () => {
          const pre = document.querySelector('[data-testid=message][data-role=assistant] [data-testid=code-block] pre');
          const pad = getComputedStyle(pre), code = getComputedStyle(pre.querySelector('code'));
          return [pad.padding, pad.borderRadius, code.lineHeight, code.fontSize, code.fontFamily].join(' | ');
        }
        """;

    [Fact]
    public async Task CopyCode_CopiesTheRawCode()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete", 30_000);

        await reply.Locator("[data-testid=copy-code]").Nth(2).ClickAsync();

        var clipboard = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith("export class EventCounter {", clipboard);
        Assert.DoesNotContain("<span", clipboard);
    }

    [Fact]
    public async Task BoldHeavyAnswer_NoFrameEverShowsRawMarkers()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.EvaluateAsync("""
            () => {
              window.__rawMarkers = [];
              window.__textFrames = 0;
              new MutationObserver(() => {
                const content = [...document.querySelectorAll('[data-testid=message][data-role=assistant] [data-testid=message-content]')].pop();
                if (!content) return;
                window.__textFrames++;
                const text = content.textContent;
                if (text.includes('**') || text.includes('__') || text.includes('~~')) window.__rawMarkers.push(text.slice(-60));
              }).observe(document.querySelector('[data-testid=message-list]'), { subtree: true, childList: true, characterData: true });
            }
            """);
        await page.SendAsync("/emphasis");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete", 30_000);

        var raw = await page.EvaluateAsync<string[]>("() => window.__rawMarkers");
        var frames = await page.EvaluateAsync<int>("() => window.__textFrames");
        output.WriteLine($"{frames} DOM updates observed, {raw.Length} with raw markers");
        // Enough frames to have caught spans open mid-stream; a busy machine gets fewer, larger frames (the server
        // paces a reader it sees falling behind), ~10 in a loaded CI run against ~80 on a quiet one.
        Assert.True(frames > 5, $"only {frames} updates observed");
        Assert.Empty(raw);
        Assert.True(await reply.Locator("strong").CountAsync() >= 15);
    }

    [Fact]
    public async Task Table_IsAPlaceholderWithHeadersWhileOpen_ThenTheWholeTable()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        // 60 rows (~5 s to stream): the table is still open when the placeholder is checked, however late a busy
        // browser applies its frames (the scenario's 6-row `/table` could be whole by then).
        var rows = string.Concat(Enumerable.Range(1, 60).Select(i => $"| Store {i} | {i * 10} ms | yes |\n"));
        await page.SendAsync($"/echo Data stores compared:\n\n| Store | Write latency | Scales out |\n| --- | ---: | --- |\n{rows}\nThat is all.");
        var reply = page.LastAssistantMessage();

        var placeholder = reply.Locator(".table-placeholder");
        await Assertions.Expect(placeholder).ToContainTextAsync("table…");
        await Assertions.Expect(placeholder).ToContainTextAsync("Store");
        Assert.Equal(0, await reply.Locator("table").CountAsync());
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "table-placeholder.png")}");

        await Assertions.Expect(reply.Locator("table")).ToHaveCountAsync(1, new() { Timeout = 20_000 });
        Assert.Equal(0, await placeholder.CountAsync());
        Assert.Equal(61, await reply.Locator("table tr").CountAsync());
    }

    [Fact]
    public async Task Image_SkeletonUntilLoaded_ThenShown()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.SendAsync("/image");
        var reply = page.LastAssistantMessage();

        var frame = reply.Locator(".md-image");
        await Assertions.Expect(frame).ToHaveCountAsync(1);
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "image-early.png")}");
        await Assertions.Expect(frame).ToHaveAttributeAsync("data-state", "loaded", new() { Timeout = 20_000 });
        await reply.WaitForStatusAsync("complete", 30_000);
        var size = await frame.Locator("img").EvaluateAsync<int[]>("i => [i.naturalWidth, i.clientHeight]");
        Assert.Equal(480, size[0]);
        Assert.True(size[1] > 100);
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "image-loaded.png")}");
    }
}
