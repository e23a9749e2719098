using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>
/// <c>/api/chat</c> answers are resumable over real HTTP, AI SDK style: events carry <c>id:</c> lines, a client
/// that drops does not stop the answer, <c>GET …/stream</c> with <c>Last-Event-ID</c> gives exactly the rest, and
/// <c>DELETE …/stream</c> closes the provider's request.
/// </summary>
[Collection(E2ECollection.LaneB)]
public sealed class ResumableStreamTests : IAsyncLifetime
{
    private static readonly string[] Words = Enumerable.Range(1, 60).Select(i => $"w{i} ").ToArray();
    private readonly FakeOpenAiServer _provider = new(Words, TimeSpan.FromMilliseconds(40));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await _provider.StartAsync();
        _app = new AppHost(_provider.AsOnlyProvider());
    }

    private async Task<HttpResponseMessage> PostChatAsync(string chatId)
    {
        var body = JsonSerializer.Serialize(new
        {
            id = chatId,
            messages = new[] { new { id = "u1", role = "user", parts = new[] { new { type = "text", text = "Count for me" } } } },
        });
        var request = new HttpRequestMessage(HttpMethod.Post, $"{_app.BaseUrl}/api/chat") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private async Task<HttpResponseMessage> ResumeAsync(string chatId, long? lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{_app.BaseUrl}/api/chat/{chatId}/stream");
        if (lastEventId is { } id)
        {
            request.Headers.Add("Last-Event-ID", id.ToString());
        }
        return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    /// <summary>Reads events until <paramref name="deltas"/> text deltas have arrived.</summary>
    private static async Task<List<SseEvent>> ReadDeltasAsync(SseReader reader, int deltas)
    {
        var events = new List<SseEvent>();
        while (events.Count(e => e.Type == "text-delta") < deltas)
        {
            events.Add(await reader.NextAsync() ?? throw new InvalidOperationException("the stream ended early"));
        }
        return events;
    }

    [Fact]
    public async Task ClientDropsMidAnswer_ResumeWithLastEventId_GivesExactlyTheRestOnce()
    {
        const string chat = "chat-resume";
        List<SseEvent> before;
        using (var first = await PostChatAsync(chat))
        {
            Assert.Equal("v1", first.Headers.GetValues("x-vercel-ai-ui-message-stream").Single());
            using var reader = new SseReader(await first.Content.ReadAsStreamAsync());
            before = await ReadDeltasAsync(reader, 3);
        } // the client goes away mid-answer
        var lastId = before.Last(e => e.Id is not null).Id!.Value;
        await Task.Delay(300);

        using var resumed = await ResumeAsync(chat, lastId);
        Assert.Equal(HttpStatusCode.OK, resumed.StatusCode);
        Assert.Equal("text/event-stream", resumed.Content.Headers.ContentType?.MediaType);
        using var rest = new SseReader(await resumed.Content.ReadAsStreamAsync());
        var after = await rest.ReadToEndAsync();

        Assert.Equal(string.Concat(Words), string.Concat(before.Concat(after).Select(e => e.Delta)));
        var ids = before.Concat(after).Select(e => e.Id).OfType<long>().ToList();
        Assert.Equal(ids.Order().Distinct(), ids); // strictly increasing across the drop: no event twice
        Assert.DoesNotContain(after, e => e.Type is "start" or "text-start"); // the client had those
        Assert.Equal(["text-end", "finish-step", "finish", "[DONE]"], after.Select(e => e.Type ?? e.Data).TakeLast(4));
        Assert.False(_provider.RequestAborted.IsCompleted, "a client that went away stopped the provider's request");

        // Once the answer has ended there is nothing to resume.
        using var ended = await ResumeAsync(chat, null);
        Assert.Equal(HttpStatusCode.NoContent, ended.StatusCode);
    }

    [Fact]
    public async Task ResumeWithoutLastEventId_ReplaysTheAnswerFromItsStart_ThenFollowsIt()
    {
        const string chat = "chat-replay";
        using var first = await PostChatAsync(chat);
        using var original = new SseReader(await first.Content.ReadAsStreamAsync());
        var start = await ReadDeltasAsync(original, 5);

        using var replay = await ResumeAsync(chat, null);
        using var reader = new SseReader(await replay.Content.ReadAsStreamAsync());
        var events = await reader.ReadToEndAsync();

        Assert.Equal(["start", "start-step", "text-start"], events.Take(3).Select(e => e.Type));
        Assert.Equal(string.Concat(Words), string.Concat(events.Select(e => e.Delta)));
        Assert.Equal(string.Concat(Words), string.Concat(start.Concat(await original.ReadToEndAsync()).Select(e => e.Delta))); // the first reader is unaffected
    }

    [Fact]
    public async Task Delete_StopsTheAnswer_AndClosesTheProvidersRequestWithinASecond()
    {
        const string chat = "chat-stop";
        using var response = await PostChatAsync(chat);
        using var reader = new SseReader(await response.Content.ReadAsStreamAsync());
        var before = await ReadDeltasAsync(reader, 3);

        using var stop = await _http.DeleteAsync($"{_app.BaseUrl}/api/chat/{chat}/stream");
        // The contract's "within 1 s", counted from the stop's answer (a TimeoutException fails the test).
        await _provider.RequestAborted.WaitAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        var rest = await reader.ReadToEndAsync();
        Assert.Equal(["text-end", "finish-step", "finish", "[DONE]"], rest.Select(e => e.Type ?? e.Data).TakeLast(4));
        Assert.True(string.Concat(before.Concat(rest).Select(e => e.Delta)).Length < string.Concat(Words).Length, "the answer ran to its end");
        using var again = await _http.DeleteAsync($"{_app.BaseUrl}/api/chat/{chat}/stream");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/api/chat/nothing-runs-here/stream", HttpStatusCode.NoContent)]
    [InlineData("GET", "/api/nope", HttpStatusCode.NotFound)]
    [InlineData("POST", "/v1/embeddings", HttpStatusCode.NotFound)]
    [InlineData("GET", "/v1/models/unknown/thing", HttpStatusCode.NotFound)]
    public async Task UnknownApiPaths_AreJson404s_AndAResumeOfNothingIs204(string method, string path, HttpStatusCode expected)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), _app.BaseUrl + path));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.NotFound)
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("not_found", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("type").GetString());
        }
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _app.Dispose();
        await _provider.DisposeAsync();
    }
}
