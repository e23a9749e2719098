using System.Text;
using System.Text.Json;
using ChatApp.Endpoints;

namespace ChatApp.Tests.Endpoints;

public sealed class JsonStringSlotTests
{
    private static object Chunk(string content) => new { id = "chatcmpl-1", choices = new[] { new { index = 0, delta = new { content }, finish_reason = (string?)null } } };

    [Theory]
    [InlineData("Hello")]
    [InlineData("a \"quote\", a line\nbreak, é and 😀")]
    public async Task AnEventFromTheSlot_IsThePayloadSerializedWithItsValue(string content)
    {
        var slot = JsonStringSlot.Of(Chunk(JsonStringSlot.Marker), ServerSentEvents.Json);
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var body = new MemoryStream();
        context.Response.Body = body;

        await ServerSentEvents.WriteAsync(context.Response, slot, content, CancellationToken.None);

        Assert.Equal($"data: {JsonSerializer.Serialize(Chunk(content), ServerSentEvents.Json)}\n\n", Encoding.UTF8.GetString(body.ToArray()));
    }

    [Fact]
    public void APayloadWithoutTheMarkerOnce_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => JsonStringSlot.Of(Chunk("no marker"), ServerSentEvents.Json));
        Assert.Throws<ArgumentException>(() => JsonStringSlot.Of(new { a = JsonStringSlot.Marker, b = JsonStringSlot.Marker }, ServerSentEvents.Json));
    }
}
