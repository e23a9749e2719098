using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>What a user sees while the simulated model streams: many growing frames, a cursor, then the final text.</summary>
// Alone: it counts the frames the browser draws, which a browser busy beside another lane draws far fewer of.
[Collection(E2ECollection.Alone)]
public sealed class StreamingTests(BrowserFixture browser, ITestOutputHelper output) : BrowserTest(browser, Settings)
{
    // Fast enough that several tokens land in each 16 ms frame, slow enough to watch (~450 tokens ≈ 2–3 s).
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "180",
        ["Chat:Simulated:FirstTokenDelayMs"] = "400",
    };

    [Fact]
    public async Task Answer_StreamsInManyGrowingFrames_FewerFramesThanTokens()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.StartFrameLogAsync();

        await page.SendAsync("/code");
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");

        var log = await page.ReadFrameLogAsync();
        var streamingLengths = log.Where(r => r.Status == "streaming").Select(r => r.Length).Distinct().ToList();
        var finalFrames = int.Parse((await reply.Locator("[data-testid=message-content]").GetAttributeAsync("data-frames"))!);
        var deltas = SimulatedTokenCount("/code");
        var streamingTime = log.Where(r => r.Status == "streaming").Select(r => r.T).DefaultIfEmpty().Max()
            - log.Where(r => r.Status == "streaming").Select(r => r.T).DefaultIfEmpty().Min();
        output.WriteLine($"{deltas} deltas → {finalFrames} frames, {streamingLengths.Count} distinct streaming lengths, " +
                         $"{finalFrames / Math.Max(streamingTime / 1000, 0.001):F1} frames/s over {streamingTime:F0} ms");

        Assert.True(streamingLengths.Count >= 5, $"only {streamingLengths.Count} distinct lengths were seen while streaming");
        Assert.True(streamingLengths.Zip(streamingLengths.Skip(1)).Count(p => p.Second > p.First) >= 4, "the text did not grow from frame to frame");
        Assert.True(finalFrames >= 5 && finalFrames <= deltas / 2, $"{finalFrames} frames for {deltas} deltas: expected well below one frame per token");
        // Frames only grow.
        var frames = log.Select(r => r.Frames).ToList();
        Assert.Equal(frames.OrderBy(f => f), frames);
        Assert.Contains("EventCounter", await reply.Locator("[data-testid=message-content]").TextContentAsync());
    }

    [Fact]
    public async Task Cursor_ShownOnlyWhileStreaming_ThinkingIndicatorOnlyBeforeFirstToken()
    {
        var page = await Browser.OpenChatAsync(App.BaseUrl);
        await page.StartFrameLogAsync();

        // A slow first token (6 s): the thinking indicator has time to show even on a busy machine, where the
        // browser may apply the pending answer and a first token 300 ms later in one go.
        await page.SendAsync("/slow tell me about render frames");
        var reply = page.LastAssistantMessage();
        await reply.Locator("[data-testid=thinking-indicator]").WaitForAsync();
        await reply.WaitForStatusAsync("complete");

        Assert.Equal(0, await reply.Locator("[data-testid=stream-cursor]").CountAsync());
        Assert.Equal(0, await reply.Locator("[data-testid=thinking-indicator]").CountAsync());
        Assert.Equal(0, await page.Locator("[data-testid=stop-button]").CountAsync());
        // Judged on every change the page made to the answer (an in-page MutationObserver), not only when polled.
        var log = await page.ReadFrameLogAsync();
        Assert.Contains(log, r => r.Status == "pending" && r.Thinking);
        Assert.All(log.Where(r => r.Status == "pending"), r => Assert.False(r.Cursor, "a cursor showed before the first token"));
        Assert.All(log.Where(r => r.Length > 0), r => Assert.False(r.Thinking, $"the thinking indicator showed beside text ({r.Status})"));
        Assert.All(log.Where(r => r.Status == "streaming" && r.Length > 0), r => Assert.True(r.Cursor, "a streaming frame had no cursor"));
        Assert.All(log.Where(r => r.Status == "complete"), r => Assert.False(r.Cursor, "the cursor stayed after completion"));
    }

    private static int SimulatedTokenCount(string prompt)
    {
        var service = new Providers.Simulated.SimulatedChatCompletionService(new Configuration.SimulatedModelOptions(), TimeProvider.System);
        var history = new Microsoft.SemanticKernel.ChatCompletion.ChatHistory();
        history.AddUserMessage(prompt);
        return service.Plan(history).Tokens.Count;
    }
}
