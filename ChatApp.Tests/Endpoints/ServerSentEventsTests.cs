using System.Text;
using ChatApp.Endpoints;
using Microsoft.AspNetCore.Http;

namespace ChatApp.Tests.Endpoints;

public sealed class ServerSentEventsTests
{
    private static (HttpResponse Response, MemoryStream Body) NewResponse()
    {
        var context = new DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;
        return (context.Response, body);
    }

    private static string Text(MemoryStream body) => Encoding.UTF8.GetString(body.ToArray());

    [Fact]
    public async Task AGroup_IsWrittenAsWholeEvents_OnlyTheLastCarryingTheSequence()
    {
        var (response, body) = NewResponse();

        await ServerSentEvents.WriteGroupAsync(response, [new { type = "text-start" }, new { type = "text-delta", delta = "Hi" }], 42, CancellationToken.None);

        Assert.Equal("data: {\"type\":\"text-start\"}\n\nid: 42\ndata: {\"type\":\"text-delta\",\"delta\":\"Hi\"}\n\n", Text(body));
    }

    [Fact]
    public async Task EventsOfASlot_AreItsBytesAroundEachEscapedValue_WithNothingLeftFromTheLast()
    {
        var (response, body) = NewResponse();
        var slot = new JsonStringSlot("{\"id\":\"x\",\"content\":"u8.ToArray(), "}"u8.ToArray());

        foreach (var content in new[] { "a long \"first\" piece\nof text", "b" })
        {
            await ServerSentEvents.WriteAsync(response, slot, content, CancellationToken.None);
        }

        Assert.Equal("data: {\"id\":\"x\",\"content\":\"a long \\u0022first\\u0022 piece\\nof text\"}\n\ndata: {\"id\":\"x\",\"content\":\"b\"}\n\n", Text(body));
    }

    [Fact]
    public async Task ALargeEvent_IsWrittenWhole_AndTheNextOneIsClean()
    {
        var (response, body) = NewResponse();
        var large = new string('x', 200_000);

        await ServerSentEvents.WriteAsync(response, new { content = large }, CancellationToken.None);
        await ServerSentEvents.WriteAsync(response, new { content = "small" }, CancellationToken.None);

        Assert.Equal($"data: {{\"content\":\"{large}\"}}\n\ndata: {{\"content\":\"small\"}}\n\n", Text(body));
    }
}
