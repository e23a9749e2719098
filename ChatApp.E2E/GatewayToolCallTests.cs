using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.E2E;

/// <summary>
/// Client-side tools through <c>/v1/chat/completions</c>, over real HTTP at both ends: an OpenAI client
/// library offers its own tool to the gateway, the provider (a fake OpenAI-compatible server) streams two
/// parallel <c>tool_calls</c>, the gateway streams them on to the client and ends with
/// <c>finish_reason: "tool_calls"</c>; the client's results travel back through the gateway for the answer.
/// </summary>
[Collection(E2ECollection.LaneB)]
public sealed class GatewayToolCallTests : IAsyncLifetime
{
    private readonly FakeOpenAiServer _server = new([], TimeSpan.FromMilliseconds(20));
    private readonly HttpClient _http = new();
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        _server.Respond = request => request.ToolResults.Count == 0
            ? new FakeResponse(["Checking", " both."], ToolCalls:
            [
                new FakeToolCall("call_oslo", "get_weather", """{"city":"Oslo"}"""),
                new FakeToolCall("call_rome", "get_weather", """{"city":"Rome"}"""),
            ])
            : new FakeResponse(["It is ", string.Join(" and ", request.ToolResults.Select(r => r.Content)), "."]);
        await _server.StartAsync();
        _app = new AppHost(_server.AsOnlyProvider());
    }

    [Fact]
    public async Task ClientLibraryTools_CallsStreamToTheClient_AndItsResultsComeBackForTheAnswer()
    {
        var client = new OpenAIChatCompletionService("fake-model", new OpenAI.OpenAIClient(
            new System.ClientModel.ApiKeyCredential("unused"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri($"{_app.BaseUrl}/v1") }));
        var kernel = new Kernel();
        kernel.Plugins.AddFromFunctions("weather", [KernelFunctionFactory.CreateFromMethod((string city) => $"sunny in {city}", "get_weather", "Weather in a city")]);
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto(autoInvoke: false) };
        var history = new ChatHistory();
        history.AddUserMessage("Weather in Oslo and Rome?");

        var calls = new FunctionCallContentBuilder();
        var text = new StringBuilder();
        var updates = 0;
        await foreach (var chunk in client.GetStreamingChatMessageContentsAsync(history, settings, kernel))
        {
            text.Append(chunk.Content);
            calls.Append(chunk);
            updates += chunk.Items.OfType<StreamingFunctionCallUpdateContent>().Count();
        }
        var requested = calls.Build();

        Assert.Equal("Checking both.", text.ToString());
        Assert.Equal(["call_oslo", "call_rome"], requested.Select(c => c.Id));
        Assert.All(requested, c => Assert.Equal("get_weather", c.FunctionName));
        Assert.Equal(["Oslo", "Rome"], requested.Select(c => c.Arguments!["city"]!.ToString()));
        Assert.True(updates > 2, $"the calls came in {updates} pieces: not streamed");
        var offered = Assert.Single(_server.Requests).OfferedTools;
        Assert.Equal(["weather-get_weather"], offered); // SK names a plugin's function plugin-function; the gateway passes it on as it is

        // The client runs its tool and sends the results back through the gateway.
        var assistant = new ChatMessageContent(AuthorRole.Assistant, text.ToString());
        foreach (var call in requested)
        {
            assistant.Items.Add(call);
        }
        history.Add(assistant);
        foreach (var call in requested)
        {
            history.Add(new FunctionResultContent(call, $"sunny in {call.Arguments!["city"]}").ToChatMessage());
        }
        var answer = await client.GetChatMessageContentAsync(history, settings, kernel);

        Assert.Equal("It is sunny in Oslo and sunny in Rome.", answer.Content);
        Assert.Equal([("call_oslo", "sunny in Oslo"), ("call_rome", "sunny in Rome")], _server.Requests.Last().ToolResults);
    }

    [Fact]
    public async Task NonStreaming_ToolCallsAreInTheMessage_WithFinishReasonToolCalls()
    {
        var body = """
            {"model":"fake-model","messages":[{"role":"user","content":"Weather?"}],
             "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
            """;
        using var response = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        var choice = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal("tool_calls", choice.GetProperty("finish_reason").GetString());
        var toolCalls = choice.GetProperty("message").GetProperty("tool_calls");
        Assert.Equal(2, toolCalls.GetArrayLength());
        Assert.Equal("""{"city":"Rome"}""", toolCalls[1].GetProperty("function").GetProperty("arguments").GetString());
        Assert.Equal(["get_weather"], _server.Requests.Single().OfferedTools);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        _app.Dispose();
        await _server.DisposeAsync();
    }
}
