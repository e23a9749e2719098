using ChatApp.E2E.Infrastructure;
using ChatApp.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// A busy server paces its page readers: fewer, larger frames, all the text, and the first character is not held
/// back. (Here the server is made to look busy: its pacing is fixed at <see cref="BusyGap"/>; the idle one never
/// paces, whatever else the test machine is doing meanwhile.)
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class ReaderPacingTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan BusyGap = TimeSpan.FromMilliseconds(200);
    private static readonly string Words = string.Join(' ', Enumerable.Range(1, 120).Select(i => $"w{i}"));
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Chat:Simulated:TokensPerSecond"] = "60",
        ["Chat:Simulated:FirstTokenDelayMs"] = "100",
    };

    private AppHost _busy = null!;
    private AppHost _idle = null!;

    private sealed class BusyServer : ReaderPacing
    {
        public override TimeSpan Interval => BusyGap;
    }

    private sealed class IdleServer : ReaderPacing
    {
        public override TimeSpan Interval => TimeSpan.Zero;
    }

    public Task InitializeAsync()
    {
        _busy = new AppHost(Settings, services => services.AddSingleton<ReaderPacing>(new BusyServer()));
        _idle = new AppHost(Settings, services => services.AddSingleton<ReaderPacing>(new IdleServer()));
        return Task.CompletedTask;
    }

    private async Task<(FrameRecord[] Log, int Frames, string Text)> StreamAsync(AppHost app)
    {
        var page = await browser.OpenChatAsync(app.BaseUrl);
        await page.StartFrameLogAsync();
        await page.SendAsync("/echo " + Words);
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("complete");
        var content = reply.Locator("[data-testid=message-content]");
        return (await page.ReadFrameLogAsync(), int.Parse((await content.GetAttributeAsync("data-frames"))!), await content.InnerTextAsync());
    }

    [Fact]
    public async Task ABusyServer_SendsFewerLargerFrames_AllTheText_FirstCharacterNotHeldBack()
    {
        var idle = await StreamAsync(_idle);
        var busy = await StreamAsync(_busy);

        var streaming = busy.Log.Where(r => r.Status == "streaming" && r.Length > 0).ToList();
        var seconds = (streaming[^1].T - streaming[0].T) / 1000;
        // When each frame reached the page (a frame can show as more than one change), and the gaps between them.
        var shown = streaming.GroupBy(r => r.Frames).Select(g => g.First().T).ToList();
        var gaps = shown.Zip(shown.Skip(1), (a, b) => b - a).Order().ToList();
        var medianGap = gaps[gaps.Count / 2];
        output.WriteLine($"idle: {idle.Frames} frames; busy (paced {BusyGap.TotalMilliseconds} ms): {busy.Frames} frames over {seconds:F1} s, " +
            $"median gap {medianGap:F0} ms; first frame {streaming[0].Length} characters");
        Assert.Equal(Words, idle.Text);
        Assert.Equal(Words, busy.Text);
        Assert.True(busy.Frames * 3 < idle.Frames, $"paced {busy.Frames} frames vs {idle.Frames}");
        // Frames reach the page about a gap apart (the network and the browser may bunch two of them a little)...
        Assert.True(medianGap >= BusyGap.TotalMilliseconds * 0.8, $"median gap {medianGap:F0} ms");
        // ...so the count is the paced frames over the span plus the first token's, the outcome's and one bunched.
        Assert.True(busy.Frames <= seconds / BusyGap.TotalSeconds + 4, $"{busy.Frames} frames in {seconds:F1} s");
        // The first frame is the first token: pacing starts after it.
        Assert.True(streaming[0].Length <= 8, $"the first frame held {streaming[0].Length} characters");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _busy.Dispose();
        _idle.Dispose();
    }
}
