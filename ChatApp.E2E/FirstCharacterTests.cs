using System.Diagnostics;
using ChatApp.E2E.Infrastructure;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// From the provider's first token to the first character on screen: the fake OpenAI-compatible server notes when
/// it flushed its first chunk, the page when the answer's first character appeared (both on this machine's monotonic
/// clock: wall clocks may be slewed mid-run).
/// Nothing on that path may wait on anything else (storage, an earlier frame's acknowledgement, a status render).
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class FirstCharacterTests(BrowserFixture browser, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Answers = 9;
    // 100 ms between chunks: a first frame that waited on anything (storage, a timer, an earlier frame) would hold
    // the second chunk too.
    private readonly FakeOpenAiServer _server = new(["First", " words", " of", " the", " answer."], TimeSpan.FromMilliseconds(100));
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        // Like a real model: the page has settled (prompt shown, pending answer rendered) when the first token comes.
        _server.FirstChunkDelay = TimeSpan.FromMilliseconds(300);
        await _server.StartAsync();
        _app = new AppHost(_server.AsOnlyProvider());
    }

    [Fact]
    public async Task TheFirstCharacter_AppearsSoonAfterTheProvidersFirstToken()
    {
        var page = await browser.OpenChatAsync(_app.BaseUrl);
        var latencies = new List<double>();
        var firstTexts = new List<string>();
        var uncertainty = 0.0;
        for (var i = 1; i <= Answers; i++)
        {
            await page.EvaluateAsync("""
                () => {
                  const before = document.querySelectorAll('[data-testid=message][data-role=assistant]').length;
                  window.__firstCharAt = null;
                  const observer = new MutationObserver(() => {
                    const answers = document.querySelectorAll('[data-testid=message][data-role=assistant]');
                    const content = answers.length > before ? answers[answers.length - 1].querySelector('[data-testid=message-content]') : null;
                    if (content && content.textContent.trim().length > 0) {
                      window.__firstCharAt = performance.now();
                      window.__firstText = content.textContent.trim();
                      observer.disconnect();
                    }
                  });
                  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
                }
                """);
            await page.SendAsync($"Question {i}");
            await page.LastAssistantMessage().WaitForStatusAsync("complete");
            var shownAt = await page.EvaluateAsync<double>("() => window.__firstCharAt");
            firstTexts.Add(await page.EvaluateAsync<string>("() => window.__firstText"));
            Assert.True(_server.FirstChunkSentAt.TryDequeue(out var sentAt), "the provider sent no first chunk");
            // The page's performance.now() and this process's Stopwatch are both the system's monotonic clock, from
            // different origins: one round trip relates them, to within half of it.
            var asked = Stopwatch.GetTimestamp();
            var pageNow = await page.EvaluateAsync<double>("() => performance.now()");
            var answered = Stopwatch.GetTimestamp();
            var pageNowHere = asked + (answered - asked) / 2;
            latencies.Add(Stopwatch.GetElapsedTime(sentAt, pageNowHere).TotalMilliseconds - (pageNow - shownAt));
            uncertainty = Math.Max(uncertainty, Stopwatch.GetElapsedTime(asked, answered).TotalMilliseconds / 2);
        }

        latencies.Sort();
        var p50 = latencies[latencies.Count / 2];
        output.WriteLine($"provider's first chunk → first character on screen over {Answers} answers: p50 {p50:F1} ms, " +
                         $"min {latencies[0]:F1} ms, max {latencies[^1]:F1} ms ({string.Join(", ", latencies.Select(l => l.ToString("F1")))}; " +
                         $"clocks related to within {uncertainty:F1} ms)");
        Assert.All(latencies, l => Assert.True(l + uncertainty > 0, $"the character appeared {l:F1} ms before the provider sent it: the clocks are misread"));
        // Not a timing assertion (the figure is reported, ≤ 10 ms p50 is the target): the first frame shows the
        // first chunk alone, so it did not wait for the next one 100 ms later. Most answers, not all: a busy
        // machine may stall one now and then.
        var alone = firstTexts.Count(t => t == "First");
        Assert.True(alone * 2 > Answers, $"only {alone} of {Answers} answers showed their first chunk alone: {string.Join(" | ", firstTexts)}");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseAllPagesAsync();
        _app.Dispose();
        await _server.DisposeAsync();
    }
}
