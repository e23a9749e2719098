using System.Text.Json;
using ChatApp.E2E.Infrastructure;

namespace ChatApp.E2E;

/// <summary>The Vercel AI SDK's own <c>DefaultChatTransport</c> (the <c>ai</c> npm package, run by node) against <c>/api/chat</c>.</summary>
[Collection(E2ECollection.LaneB)]
public sealed class AiSdkTransportTests : IDisposable
{
    private static readonly string Answer = string.Join(' ', Enumerable.Range(1, 120).Select(i => $"w{i}"));

    private readonly AppHost _app = new(new Dictionary<string, string?>
    {
        ["Chat:Simulated:TokensPerSecond"] = "60",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
    });

    [Fact]
    public async Task DefaultChatTransport_SendsDropsAndReconnects_ThenReadsTheRunningAnswerToTheEnd()
    {
        var output = await NodeClients.RunAsync("ai-transport-resume.mjs", _app.BaseUrl, $"/echo {Answer}");

        var result = JsonDocument.Parse(output.Trim().Split('\n')[^1]).RootElement;
        var beforeDrop = result.GetProperty("beforeDrop").GetString()!;
        Assert.NotEmpty(beforeDrop);
        Assert.StartsWith(beforeDrop, Answer);
        // The SDK's transport expects a resume to replay the answer from its start (resumeStreamIsReplay).
        Assert.Equal(Answer, result.GetProperty("resumed").GetString());
        var types = result.GetProperty("types").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(["start", "start-step", "text-start"], types.Take(3));
        Assert.Equal("finish", types[^1]);
        Assert.True(result.GetProperty("nullAfterEnd").GetBoolean(), "a reconnect after the end should find nothing (204)");
    }

    public void Dispose() => _app.Dispose();
}
