using System.Text.Json.Nodes;
using ChatApp.Endpoints;
using OpenAI.Chat;

namespace ChatApp.Tests.Endpoints;

public sealed class CompletionSettingsTests
{
    private static Microsoft.SemanticKernel.Connectors.OpenAI.OpenAIPromptExecutionSettings? Parse(string json) =>
        CompletionSettings.Parse((JsonObject)JsonNode.Parse(json)!);

    [Fact]
    public void NoParameters_NoSettings()
    {
        Assert.Null(Parse("""{"model":"x","stream":true,"messages":[]}"""));
    }

    [Fact]
    public void SamplingParameters_AreCarriedOver()
    {
        var settings = Parse("""{"temperature":0.2,"top_p":0.9,"max_tokens":50,"stop":["\n\n","END"],"seed":7,"presence_penalty":0.5,"frequency_penalty":-0.5}""")!;

        Assert.Equal(0.2, settings.Temperature);
        Assert.Equal(0.9, settings.TopP);
        Assert.Equal(50, settings.MaxTokens);
        Assert.Equal(["\n\n", "END"], settings.StopSequences);
        Assert.Equal(7, settings.Seed);
        Assert.Equal(0.5, settings.PresencePenalty);
        Assert.Equal(-0.5, settings.FrequencyPenalty);
    }

    [Fact]
    public void MaxCompletionTokens_WinsOverMaxTokens()
    {
        Assert.Equal(20, Parse("""{"max_tokens":50,"max_completion_tokens":20}""")!.MaxTokens);
    }

    [Fact]
    public void ResponseFormats_MapToWhatTheConnectorsUnderstand()
    {
        Assert.Equal("json_object", Parse("""{"response_format":{"type":"json_object"}}""")!.ResponseFormat);
        Assert.Null(Parse("""{"response_format":{"type":"text"}}""")!.ResponseFormat);
        Assert.IsAssignableFrom<ChatResponseFormat>(Parse(
            """{"response_format":{"type":"json_schema","json_schema":{"name":"product","schema":{"type":"object"},"strict":true}}}""")!.ResponseFormat);
    }

    [Theory]
    [InlineData("""{"temperature":3}""", "'temperature' must be between 0 and 2.")]
    [InlineData("""{"temperature":"hot"}""", "'temperature' must be a number.")]
    [InlineData("""{"top_p":-0.1}""", "'top_p' must be between 0 and 1.")]
    [InlineData("""{"max_tokens":0}""", "'max_tokens' must be at least 1.")]
    [InlineData("""{"max_completion_tokens":-5}""", "'max_completion_tokens' must be at least 1.")]
    [InlineData("""{"stop":["a","b","c","d","e"]}""", "'stop' can have at most 4 sequences.")]
    [InlineData("""{"stop":42}""", "'stop' must be a string or an array of strings.")]
    [InlineData("""{"response_format":{"type":"yaml"}}""", "'response_format.type' 'yaml' is not supported; use 'text', 'json_object' or 'json_schema'.")]
    [InlineData("""{"response_format":{"type":"json_schema"}}""", "'response_format.json_schema' needs a 'name' and a 'schema'.")]
    public void OutOfRange_IsAClearErrorNamingTheParameter(string json, string message)
    {
        Assert.Equal(message, Assert.Throws<ArgumentException>(() => Parse(json)).Message);
    }
}
