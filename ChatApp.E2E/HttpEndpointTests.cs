using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatApp.E2E.Infrastructure;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.E2E;

/// <summary>The HTTP surface of ui-contract.md §5 over real HTTP: the OpenAI-compatible gateway, metrics, health.</summary>
[Collection(E2ECollection.LaneA)]
public sealed class HttpEndpointTests : IDisposable
{
    private readonly AppHost _app = new(new Dictionary<string, string?>
    {
        ["Chat:Simulated:TokensPerSecond"] = "200",
        ["Chat:Simulated:FirstTokenDelayMs"] = "50",
    });
    private readonly HttpClient _http = new();

    private static StringContent Body(object request) => new(JsonSerializer.Serialize(request), Encoding.UTF8, "application/json");

    [Fact]
    public async Task ChatCompletions_Streaming_AnswersAsServerSentEvents_InSeveralChunks_EndingWithDone()
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions",
            Body(new { model = "Simulated", stream = true, messages = new[] { new { role = "user", content = "/code" } } }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ")).Select(l => l[6..]).ToList();
        Assert.Equal("[DONE]", lines[^1]);
        var chunks = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var text = string.Concat(chunks.Select(c => c.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : ""));
        Assert.StartsWith("Here is a small, complete example", text);
        Assert.Contains("```csharp", text);
        Assert.True(chunks.Count > 10, $"only {chunks.Count} chunks");
        Assert.Equal("stop", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.All(chunks, c => Assert.Equal("chat.completion.chunk", c.GetProperty("object").GetString()));
    }

    [Fact]
    public async Task ChatCompletions_WorksWithAnOpenAiClientLibrary_StreamingIncrementally()
    {
        var client = new OpenAIChatCompletionService("Simulated", new OpenAI.OpenAIClient(
            new System.ClientModel.ApiKeyCredential("unused"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri($"{_app.BaseUrl}/v1") }));
        var history = new ChatHistory();
        history.AddUserMessage("/echo through the gateway");

        var deltas = new List<string>();
        await foreach (var delta in client.GetStreamingChatMessageContentsAsync(history))
        {
            if (!string.IsNullOrEmpty(delta.Content))
            {
                deltas.Add(delta.Content);
            }
        }

        Assert.Equal("through the gateway", string.Concat(deltas));
    }

    [Fact]
    public async Task ChatCompletions_NonStreaming_ReturnsTheWholeAnswer()
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions",
            Body(new { messages = new[] { new { role = "system", content = "Be brief." }, new { role = "user", content = "/echo all at once" } } }));

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("chat.completion", json.GetProperty("object").GetString());
        Assert.Equal("all at once", json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString());
    }

    [Fact]
    public async Task ChatCompletions_MaxTokensAndResponseFormat_ReachTheModel()
    {
        using var limited = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions",
            Body(new { max_tokens = 5, messages = new[] { new { role = "user", content = "/long" } } }));
        using var json = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions",
            Body(new { response_format = new { type = "json_object" }, messages = new[] { new { role = "user", content = "A desk lamp" } } }));

        var cut = (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0];
        Assert.Equal("length", cut.GetProperty("finish_reason").GetString());
        Assert.StartsWith("# A complete", cut.GetProperty("message").GetProperty("content").GetString());
        Assert.True(cut.GetProperty("message").GetProperty("content").GetString()!.Length < 60);
        var product = JsonDocument.Parse((await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!);
        Assert.True(product.RootElement.TryGetProperty("title", out _));
    }

    [Theory]
    [InlineData("{\"temperature\": 5, \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}")]
    [InlineData("{}")]
    [InlineData("{\"messages\": []}")]
    [InlineData("{\"messages\": [{\"role\": \"wizard\", \"content\": \"x\"}]}")]
    [InlineData("not json")]
    public async Task ChatCompletions_BadRequest_Is400WithAnOpenAiStyleError(string body)
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("invalid_request_error", json.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ImageFromAnOpenAiClientLibrary_ReachesTheModelAsImageContent()
    {
        var client = new OpenAIChatCompletionService("Simulated", new OpenAI.OpenAIClient(
            new System.ClientModel.ApiKeyCredential("unused"), new OpenAI.OpenAIClientOptions { Endpoint = new Uri($"{_app.BaseUrl}/v1") }));
        var history = new ChatHistory();
        history.AddUserMessage([new TextContent("What is in this picture?"), new ImageContent(TestImages.GradientPng(48, 48), "image/png")]);

        var answer = await client.GetChatMessageContentAsync(history);

        Assert.StartsWith("I received **1 image**: a PNG", answer.Content);
        Assert.Contains("You asked: *What is in this picture?*", answer.Content);
    }

    [Theory]
    [InlineData("""{"type":"input_audio","input_audio":{"data":"AAAA","format":"wav"}}""", "content part type 'input_audio' is not supported")]
    [InlineData("""{"type":"image_url","image_url":{"url":"data:image/png;base64,PHN2Zz48L3N2Zz4="}}""", "messages[0] image 1 is not a PNG, JPEG, GIF or WebP image")]
    public async Task ChatCompletions_PartItCannotUse_Is400NamingIt_NotSilentlyDropped(string part, string words)
    {
        var body = $$"""{"messages":[{"role":"user","content":[{"type":"text","text":"hi"},{{part}}]}]}""";
        using var response = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(words, json.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task Metrics_InPrometheusFormat_CoverTimeToFirstTokenDurationTokensPerSecondOutcomesAndActiveStreams()
    {
        using var answer = await _http.PostAsync($"{_app.BaseUrl}/v1/chat/completions",
            Body(new { stream = true, messages = new[] { new { role = "user", content = "/echo count me in the metrics please" } } }));
        await answer.Content.ReadAsStringAsync();

        // The outcome is recorded just after the stream's last byte: poll for it rather than guess a delay.
        var metrics = await _http.GetStringAsync($"{_app.BaseUrl}/metrics");
        for (var tries = 0; tries < 100 && !metrics.Contains("status=\"complete\"", StringComparison.Ordinal); tries++)
        {
            await Task.Delay(100);
            metrics = await _http.GetStringAsync($"{_app.BaseUrl}/metrics");
        }

        Assert.Contains("chatapp_stream_time_to_first_token_seconds_bucket", metrics);
        Assert.Contains("chatapp_stream_duration_seconds_bucket", metrics);
        Assert.Contains("chatapp_stream_tokens_per_second", metrics);
        Assert.Contains("chatapp_stream_outcomes_total", metrics);
        Assert.Contains("status=\"complete\"", metrics);
        Assert.Contains("chatapp_stream_active", metrics);
    }

    [Fact]
    public async Task ApiChat_SpeaksTheAiSdkUiMessageStreamProtocol()
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/api/chat", Body(new
        {
            id = "chat-1",
            messages = new[] { new { id = "m1", role = "user", parts = new[] { new { type = "text", text = "/echo hello useChat" } } } },
        }));

        Assert.Equal("v1", response.Headers.GetValues("x-vercel-ai-ui-message-stream").Single());
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith("data: ")).Select(l => l[6..]).ToList();
        Assert.Equal("[DONE]", lines[^1]);
        var parts = lines[..^1].Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var types = parts.Select(p => p.GetProperty("type").GetString()).ToList();
        Assert.Equal("start", types[0]);
        Assert.Equal("finish", types[^1]);
        Assert.Contains("text-start", types);
        Assert.Contains("text-end", types);
        var text = string.Concat(parts.Where(p => p.GetProperty("type").GetString() == "text-delta").Select(p => p.GetProperty("delta").GetString()));
        Assert.Equal("hello useChat", text);
    }

    [Fact]
    public async Task ApiChat_ImageFilePart_ReachesTheModel()
    {
        var url = $"data:image/png;base64,{Convert.ToBase64String(TestImages.GradientPng(48, 48))}";
        using var response = await _http.PostAsync($"{_app.BaseUrl}/api/chat", Body(new
        {
            messages = new[]
            {
                new
                {
                    role = "user",
                    parts = new object[] { new { type = "text", text = "Describe it" }, new { type = "file", mediaType = "image/png", filename = "gradient.png", url } },
                },
            },
        }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("I received **1 image**: a PNG", string.Concat(body.Split('\n').Where(l => l.StartsWith("data: {\"type\":\"text-delta\""))
            .Select(l => JsonDocument.Parse(l[6..]).RootElement.GetProperty("delta").GetString())));
    }

    [Fact]
    public async Task ApiChat_FileThatIsNotAnImage_Is400NamingIt()
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/api/chat", Body(new
        {
            messages = new[] { new { role = "user", parts = new object[] { new { type = "file", mediaType = "application/pdf", url = "data:application/pdf;base64,JVBERi0=" } } } },
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("messages[0]: file parts of type 'application/pdf' are not supported; only images are.", json.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ApiChat_ProviderFailure_IsAnErrorPart()
    {
        using var response = await _http.PostAsync($"{_app.BaseUrl}/api/chat", Body(new
        {
            messages = new[] { new { role = "user", parts = new[] { new { type = "text", text = "/drop" } } } },
        }));

        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"type\":\"error\"", body);
        Assert.Contains("errorText", body);
    }

    [Fact]
    public async Task Healthz_IsOk()
    {
        Assert.Equal("ok", await _http.GetStringAsync($"{_app.BaseUrl}/healthz"));
    }

    public void Dispose()
    {
        _http.Dispose();
        _app.Dispose();
    }
}
