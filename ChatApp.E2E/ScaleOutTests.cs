using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;
using ChatApp.ScaleOut;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ChatApp.E2E;

/// <summary>
/// Two (or more) real app processes on one PostgreSQL and one Redis, nginx in front, a fake provider streaming
/// <c>t0001 … t0600</c>: any instance serves any reader, Stop works from anywhere, a dead or paused producer is
/// taken over and fenced, and a lost pub/sub connection loses nothing.
/// </summary>
[Collection(E2ECollection.Alone)]
public sealed class ScaleOutTests(BrowserFixture browser, ScaleOutCluster cluster, ITestOutputHelper output) : IClassFixture<ScaleOutCluster>
{
    private const string Prompt = "Count to 600";

    private static ILocator Content(ILocator message) => message.Locator("[data-testid=message-content]");

    private static async Task<string[]> WordsOnScreenAsync(ILocator message) =>
        (await Content(message).InnerTextAsync()).Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static string[] Words(string text) => text.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries);

    private static Guid ConversationOf(IPage page) => Guid.Parse(new Uri(page.Url).AbsolutePath.Split('/').Last());

    // Starts the answer on the page's instance and returns once some of it is on screen (it runs for seconds more).
    private async Task<ILocator> StartAnswerAsync(IPage page)
    {
        await page.SendAsync(Prompt);
        var reply = page.LastAssistantMessage();
        await reply.WaitForStatusAsync("streaming");
        await Assertions.Expect(Content(reply)).ToContainTextAsync("t0020");
        // The address comes once the new conversation is stored.
        await WhileSayingWhyAsync(page.WaitForURLAsync("**/c/*"), () => Task.FromResult($"address: {page.Url}"));
        return reply;
    }

    // A step that times out prints what the page showed, and what storage and the instances were doing.
    private async Task WhileSayingWhyAsync(Task step, Func<Task<string>> shown)
    {
        try
        {
            await step;
        }
        catch (TimeoutException)
        {
            try
            {
                output.WriteLine(await shown());
            }
            catch (Exception ex)
            {
                output.WriteLine($"(the page could not be read: {ex.Message})");
            }
            output.WriteLine(await cluster.DiagnosticsAsync());
            throw;
        }
    }

    // Waits (10 s at most) until the conversation has `count` answers stored: each with its row, which is stored
    // with its message, before another page can show it.
    private async Task StoredAnswerCountAsync(Guid conversationId, int count)
    {
        for (var i = 0; i < 200 && (await cluster.StoredAnswersAsync(conversationId)).Count < count; i++)
        {
            await Task.Delay(50);
        }
    }

    // A second browser of the same person (its identity cookie) opening the conversation on another instance.
    private async Task<IPage> OpenElsewhereAsync(IPage page, string instanceUrl)
    {
        var context = await browser.Browser.NewContextAsync();
        await context.AddCookiesAsync((await page.Context.CookiesAsync()).Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path }));
        var other = await context.NewPageAsync();
        await other.GotoAsync($"{instanceUrl}/c/{ConversationOf(page)}");
        await other.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        return other;
    }

    // An answer produced by the instance at producerUrl, followed live by the same person's other browser on B.
    // The answer is held at t0040 until B shows it streaming, then goes on.
    private async Task<(IPage Producer, IPage Other, ILocator OnB)> FollowedOnBAsync(string producerUrl)
    {
        var page = await browser.OpenChatAsync(producerUrl);
        cluster.HoldNewAnswers();
        try
        {
            await StartAnswerAsync(page);
            var other = await OpenElsewhereAsync(page, cluster.BUrl);
            var onB = other.LastAssistantMessage();
            await WhileSayingWhyAsync(onB.WaitForStatusAsync("streaming"), async () =>
                $"on B: {await onB.GetAttributeAsync("data-status", new() { Timeout = 2000 })}, \"{await Content(onB).InnerTextAsync(new() { Timeout = 2000 })}\"");
            return (page, other, onB);
        }
        finally
        {
            cluster.ReleaseAnswers();
        }
    }

    private async Task<ChatApp.Storage.AttemptEntity> StoredWhenAsync(Guid conversationId, string status, int attempt = 0)
    {
        for (var i = 0; i < 200; i++)
        {
            var stored = await cluster.StoredAnswersAsync(conversationId);
            if (stored.Count > attempt && stored[attempt].Status == status)
            {
                return stored[attempt];
            }
            await Task.Delay(50);
        }
        output.WriteLine(await cluster.DiagnosticsAsync());
        Assert.Fail($"the database never held the answer as {status}");
        return null!;
    }

    [Fact]
    public async Task ReloadMidStream_ThroughNginx_LandingOnTheOtherInstance_ShowsEveryTokenOnce_AndTheDatabaseHoldsTheSame()
    {
        var toA = await cluster.Nginx.RouteToAsync(cluster.AUrl);
        var toB = await cluster.Nginx.RouteToAsync(cluster.BUrl);
        var context = await browser.Browser.NewContextAsync();
        await context.AddCookiesAsync([new Cookie { Name = "chatapp_route", Value = toA, Url = cluster.Nginx.BaseUrl }]);
        var page = await context.NewPageAsync();
        await page.GotoAsync(cluster.Nginx.BaseUrl);
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        await StartAnswerAsync(page);

        await context.AddCookiesAsync([new Cookie { Name = "chatapp_route", Value = toB, Url = cluster.Nginx.BaseUrl }]);
        await page.ReloadAsync();
        await page.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        var reply = page.LastAssistantMessage();
        var midway = await WordsOnScreenAsync(reply);
        output.WriteLine($"after the reload on B: {midway.Length} tokens on screen, status {await reply.GetAttributeAsync("data-status")}");
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "scale-out-reload-on-b-midstream.png")}");
        await reply.WaitForStatusAsync("complete", 60_000);

        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), await WordsOnScreenAsync(reply));
        var stored = await StoredWhenAsync(ConversationOf(page), "complete");
        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), Words(stored.Content));
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "scale-out-reload-on-b-complete.png")}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task FreshBrowser_ThroughNginx_GoesLive_AndKeepsTheRouteCookieItWasGiven()
    {
        var page = await browser.OpenChatAsync(cluster.Nginx.BaseUrl); // waits for data-interactive: page, negotiate and WebSocket met one instance
        var route = (await page.Context.CookiesAsync()).Single(c => c.Name == "chatapp_route");
        Assert.True(route.HttpOnly);

        await page.SendAsync("Hello through nginx");
        await page.LastAssistantMessage().WaitForStatusAsync("complete");
        Assert.Equal(route.Value, (await page.Context.CookiesAsync()).Single(c => c.Name == "chatapp_route").Value);
    }

    [Fact]
    public async Task SecondBrowser_OnTheOtherInstance_FollowsLive_AndBothEndIdentical()
    {
        var (page, other, onB) = await FollowedOnBAsync(cluster.AUrl);
        var onA = page.LastAssistantMessage();

        var seen = (await WordsOnScreenAsync(onB)).Length;
        await Assertions.Expect(Content(onB)).ToContainTextAsync($"t{seen + 40:0000}"); // it grows live on B
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(other, "scale-out-second-browser-live.png")}");
        await onA.WaitForStatusAsync("complete", 60_000);
        await onB.WaitForStatusAsync("complete", 60_000);

        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), await WordsOnScreenAsync(onA));
        Assert.Equal(await Content(onA).InnerHTMLAsync(), await Content(onB).InnerHTMLAsync());
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task StopOnB_WhileAProduces_ClosesTheProvidersRequestWithinOneSecond_AndTheSavedPartialEqualsTheScreen()
    {
        var (page, other, onB) = await FollowedOnBAsync(cluster.AUrl);
        var abortsBefore = cluster.Provider.Aborts.Count;

        // The time is taken from the click the page received: Playwright's own checks before it clicks (visible,
        // stable, hit) are the tool's latency, not the app's, and took over a second on a busy machine.
        await other.EvaluateAsync("""
            () => document.addEventListener('click', e => {
              if (e.target.closest('[data-testid=stop-button]')) window.__stopClickedAt ??= Date.now();
            }, true)
            """);
        var clicking = Stopwatch.GetTimestamp();
        await other.Locator("[data-testid=stop-button]").ClickAsync();
        var clickDone = Stopwatch.GetElapsedTime(clicking);
        await onB.WaitForStatusAsync("stopped");
        var stoppedShown = Stopwatch.GetElapsedTime(clicking);
        var clicked = DateTimeOffset.FromUnixTimeMilliseconds((long)await other.EvaluateAsync<double>("() => window.__stopClickedAt"));

        // B shows "stopped" once the stop is decided; A's closing of the provider's request may land just after it.
        // Wait for it (bounded), then judge the time it carries, not the time it was looked at.
        long? closed = null;
        for (var waited = Stopwatch.StartNew(); closed is null && waited.Elapsed < TimeSpan.FromSeconds(5); await Task.Delay(20))
        {
            closed = cluster.Provider.Aborts.Skip(abortsBefore).Select(a => (long?)a.At).FirstOrDefault();
        }
        Assert.NotNull(closed);
        var elapsed = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(closed!.Value) - clicked; // both on the wall clock
        output.WriteLine($"Stop on B → provider request closed by A {elapsed.TotalMilliseconds:F0} ms after the page's click " +
            $"(Playwright's click returned after {clickDone.TotalMilliseconds:F0} ms, B showed stopped after {stoppedShown.TotalMilliseconds:F0} ms)");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"closed after {elapsed.TotalMilliseconds:F0} ms");
        var screen = await WordsOnScreenAsync(onB);
        Assert.InRange(screen.Length, 20, ScaleOutCluster.TokenCount - 1);
        Assert.Equal(Words(ScaleOutCluster.WholeAnswer).Take(screen.Length), screen);
        Assert.Equal(screen, Words((await StoredWhenAsync(ConversationOf(page), "stopped")).Content));
        await page.LastAssistantMessage().WaitForStatusAsync("stopped");
        Assert.Equal(screen, await WordsOnScreenAsync(page.LastAssistantMessage()));
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task KillMinus9_OfTheProducer_BMarksItInterrupted_AndContinueOnBCompletesIt()
    {
        var (doomed, doomedUrl) = await cluster.StartInstanceAsync();
        var (page, other, onB) = await FollowedOnBAsync(doomedUrl);

        await doomed.KillHardAsync();
        var killed = Stopwatch.GetTimestamp();
        await onB.WaitForStatusAsync("error", 15_000);
        var noticed = Stopwatch.GetElapsedTime(killed);
        output.WriteLine($"kill -9 → interrupted on B after {noticed.TotalMilliseconds:F0} ms (lease 2 s + sweep 0.5 s)");
        Assert.True(noticed < TimeSpan.FromSeconds(2 + 0.5 + 2), $"took {noticed.TotalMilliseconds:F0} ms");
        var partial = await WordsOnScreenAsync(onB);
        Assert.Equal(Words(ScaleOutCluster.WholeAnswer).Take(partial.Length), partial);
        var stored = await StoredWhenAsync(ConversationOf(page), "error");
        Assert.Equal(ChatApp.Streaming.FailureKind.Interrupted, stored.FailureKind);
        Assert.Equal(partial, Words(stored.Content));
        output.WriteLine($"screenshot: {await Screenshots.SaveAsync(other, "scale-out-interrupted-on-b.png")}");

        await onB.Locator("[data-testid=continue-button]").ClickAsync();
        await onB.WaitForStatusAsync("complete", 60_000);

        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), await WordsOnScreenAsync(onB));
        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), Words((await StoredWhenAsync(ConversationOf(page), "complete")).Content));
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task PausedProducer_ThatLostItsLease_HasItsAppendsRejected_WhenItRunsAgain()
    {
        var (paused, pausedUrl) = await cluster.StartInstanceAsync();
        try
        {
            var (page, other, onB) = await FollowedOnBAsync(pausedUrl);

            paused.Pause();
            await onB.WaitForStatusAsync("error", 15_000); // B took the lease over and ended it as interrupted
            var stored = await StoredWhenAsync(ConversationOf(page), "error");
            await using var redis = await cluster.Redis.ConnectAsync();
            var log = new SharedKeys(stored.Id).Log;
            var length = await redis.GetDatabase().StreamLengthAsync(log);

            paused.Resume();
            await Task.Delay(3000); // its frames, renewals and checkpoints all fire now

            Assert.Equal(length, await redis.GetDatabase().StreamLengthAsync(log));
            var last = (await redis.GetDatabase().StreamRangeAsync(log, "-", "+", count: 1, messageOrder: Order.Descending)).Single();
            var ended = Assert.IsType<ChatApp.Streaming.Log.AnswerEnded>(AnswerEventCodec.Decode((string)last["e"]!, SharedKeys.SequenceOf(last.Id)));
            Assert.Equal(ChatApp.Streaming.FailureKind.Interrupted, ended.Outcome.Failure);
            var after = (await cluster.StoredAnswersAsync(ConversationOf(page)))[0];
            output.WriteLine($"stored when B ended it: {stored.Content.Length} characters, \"{stored.ErrorMessage}\"; after A ran again: {after.Content.Length}, \"{after.ErrorMessage}\"");
            Assert.Equal((stored.Status, stored.FailureKind, stored.Content), (after.Status, after.FailureKind, after.Content));
            Assert.Equal(Words(stored.Content), await WordsOnScreenAsync(onB));
            await other.Context.CloseAsync();
        }
        finally
        {
            paused.Resume();
        }
    }

    [Fact]
    public async Task PubSubConnectionsKilledMidStream_TheAnswerStillCompletes_AndStopStillWorks()
    {
        var (page, other, onB) = await FollowedOnBAsync(cluster.AUrl);

        await cluster.Redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await onB.WaitForStatusAsync("complete", 60_000);
        Assert.Equal(Words(ScaleOutCluster.WholeAnswer), await WordsOnScreenAsync(onB));

        await page.SendAsync("Count again");
        await Assertions.Expect(Content(page.LastAssistantMessage())).ToContainTextAsync("t0020");
        await StoredAnswerCountAsync(ConversationOf(page), 2); // a reload before A's storage caught up shows the conversation as it was
        await other.ReloadAsync();
        await other.Locator("[data-testid=chat][data-interactive=true]").WaitForAsync();
        await other.LastAssistantMessage().WaitForStatusAsync("streaming");
        await cluster.Redis.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await other.Locator("[data-testid=stop-button]").ClickAsync();

        await other.LastAssistantMessage().WaitForStatusAsync("stopped", 10_000);
        await page.LastAssistantMessage().WaitForStatusAsync("stopped", 10_000);
        await other.Context.CloseAsync();
    }

    [Fact]
    public async Task ApiChatResume_WithLastEventId_OnTheOtherInstance_GivesExactlyTheRest()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var chatId = $"chat-{Guid.NewGuid():N}";
        var body = JsonSerializer.Serialize(new { id = chatId, messages = new[] { new { id = "u1", role = "user", parts = new[] { new { type = "text", text = Prompt } } } } });
        var first = new StringBuilder();
        long lastId;
        using (var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{cluster.AUrl}/api/chat") { Content = new StringContent(body, Encoding.UTF8, "application/json") },
                   HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
            SseEvent? e;
            var deltas = 0;
            do
            {
                e = await reader.NextAsync() ?? throw new InvalidOperationException("the stream ended early");
                first.Append(e.Delta);
                deltas += e.Type == "text-delta" ? 1 : 0;
            }
            while (deltas < 30 || e.Id is null);
            lastId = e.Id!.Value;
        } // the client drops here; the answer runs on

        var resume = new HttpRequestMessage(HttpMethod.Get, $"{cluster.BUrl}/api/chat/{chatId}/stream");
        resume.Headers.Add("Last-Event-ID", lastId.ToString());
        using var resumed = await http.SendAsync(resume, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(System.Net.HttpStatusCode.OK, resumed.StatusCode);
        using var rest = new SseReader(await resumed.Content.ReadAsStreamAsync());
        var events = await rest.ReadToEndAsync();

        Assert.All(events.Where(e => e.Id is not null), e => Assert.True(e.Id > lastId));
        Assert.Equal(string.Concat(ScaleOutCluster.Tokens(1)), first + string.Concat(events.Select(e => e.Delta)));
        output.WriteLine($"resumed on B after event {lastId}: {events.Count} events, the whole answer once");
    }

    [Fact]
    public async Task RedisOutage_ThePageSaysAnswersCannotBeResumedElsewhere_AndAnAnswerHereStillCompletesAndIsSaved()
    {
        // A Redis of its own: the outage must not touch the other tests' instances (or their key ring).
        var redis = new ChatApp.Tests.ScaleOut.RedisServer();
        await redis.InitializeAsync();
        try
        {
            var (_, url) = await cluster.StartInstanceAsync(redis);
            var page = await browser.OpenChatAsync(url);
            var notice = page.Locator("[data-testid=scale-out-notice]");
            await Assertions.Expect(notice).ToHaveCountAsync(0);

            await redis.DisposeAsync();
            await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 15_000 });
            await Assertions.Expect(notice).ToContainTextAsync("cannot be resumed on another server");
            output.WriteLine($"screenshot: {await Screenshots.SaveAsync(page, "scale-out-redis-down.png")}");

            await page.SendAsync(Prompt);
            await page.LastAssistantMessage().WaitForStatusAsync("complete", 60_000);
            Assert.Equal(Words(ScaleOutCluster.WholeAnswer), await WordsOnScreenAsync(page.LastAssistantMessage()));
            await page.WaitForURLAsync("**/c/*");
            Assert.Equal(Words(ScaleOutCluster.WholeAnswer), Words((await StoredWhenAsync(ConversationOf(page), "complete")).Content));

            await redis.InitializeAsync(); // back, on the same port
            await Assertions.Expect(notice).ToHaveCountAsync(0, new() { Timeout = 30_000 });
        }
        finally
        {
            await redis.DisposeAsync();
        }
    }
}
