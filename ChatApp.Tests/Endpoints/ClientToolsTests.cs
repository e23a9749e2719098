using System.Text.Json.Nodes;
using ChatApp.Endpoints;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace ChatApp.Tests.Endpoints;

public sealed class ClientToolsTests
{
    private const string WeatherTool = """
        {"type":"function","function":{"name":"get_weather","description":"Weather in a city",
         "parameters":{"type":"object","properties":{"city":{"type":"string","description":"The city"},"unit":{"type":"string","enum":["c","f"]}},"required":["city"]}}}
        """;

    private static (bool Offered, OpenAIPromptExecutionSettings? Settings) Apply(string json)
    {
        OpenAIPromptExecutionSettings? settings = null;
        var offered = ClientTools.Apply((JsonObject)JsonNode.Parse(json)!, ref settings);
        return (offered, settings);
    }

    [Fact]
    public void NoTools_NothingChanges()
    {
        Assert.Equal((false, null), Apply("""{"messages":[]}"""));
    }

    [Fact]
    public void Tools_BecomeFunctionsOfferedWithoutAutoInvoke_WithTheirSchema()
    {
        var (offered, settings) = Apply($$"""{"tools":[{{WeatherTool}}]}""");
        var function = Assert.Single(ClientTools.Functions(JsonNode.Parse($"[{WeatherTool}]")));

        Assert.True(offered);
        var behavior = Assert.IsType<AutoFunctionChoiceBehavior>(settings!.FunctionChoiceBehavior);
        Assert.Equal(["get_weather"], behavior.Functions!);
        Assert.Equal("get_weather", function.Name);
        Assert.Equal("Weather in a city", function.Description);
        var city = function.Metadata.Parameters.Single(p => p.Name == "city");
        Assert.True(city.IsRequired);
        Assert.Equal("The city", city.Description);
        Assert.False(function.Metadata.Parameters.Single(p => p.Name == "unit").IsRequired);
        Assert.Contains("\"enum\"", function.Metadata.Parameters.Single(p => p.Name == "unit").Schema!.ToString());
        // The function only describes the client's tool; this server never runs it.
        Assert.ThrowsAny<Exception>(() => function.InvokeAsync(new Kernel(), new KernelArguments()).GetAwaiter().GetResult());
    }

    [Fact]
    public void HyphenatedName_IsAPluginFunction_SpelledTheSameOnTheWire()
    {
        var function = Assert.Single(ClientTools.Functions(JsonNode.Parse("""[{"type":"function","function":{"name":"weather-get_weather"}}]""")));

        Assert.Equal(("weather", "get_weather"), (function.PluginName, function.Name));
        Assert.Equal("weather-get_weather", function.Metadata.ToOpenAIFunction().FullyQualifiedName);
    }

    [Theory]
    [InlineData("\"none\"", typeof(NoneFunctionChoiceBehavior))]
    [InlineData("\"required\"", typeof(RequiredFunctionChoiceBehavior))]
    [InlineData("""{"type":"function","function":{"name":"get_weather"}}""", typeof(RequiredFunctionChoiceBehavior))]
    public void ToolChoice_PicksTheBehavior(string choice, Type behavior)
    {
        Assert.IsType(behavior, Apply($$"""{"tools":[{{WeatherTool}}],"tool_choice":{{choice}}}""").Settings!.FunctionChoiceBehavior);
    }

    [Theory]
    [InlineData("""{"tools":{}}""", "'tools' must be an array.")]
    [InlineData("""{"tools":[{"type":"code_interpreter"}]}""", "tools[0]: only tools of type 'function'")]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"get-the-weather"}}]}""", "the name 'get-the-weather' must be")]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"get weather"}}]}""", "the name 'get weather' must be")]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"a"}},{"type":"function","function":{"name":"a"}}]}""", "names a function twice")]
    [InlineData("""{"tools":[{"type":"function","function":{"name":"a"}}],"tool_choice":{"type":"function","function":{"name":"b"}}}""", "names 'b', which is not in 'tools'")]
    [InlineData("""{"functions":[]}""", "send 'tools'")]
    public void BadTools_AreClearErrors(string json, string words)
    {
        Assert.Contains(words, Assert.Throws<ArgumentException>(() => Apply(json)).Message);
    }

    [Fact]
    public void AssistantToolCalls_BecomeFunctionCallsWithTheirArguments()
    {
        var calls = ClientTools.Calls(JsonNode.Parse("""[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Oslo\"}"}}]"""), "messages[1]").ToList();

        var call = Assert.Single(calls);
        Assert.Equal(("call_1", "get_weather"), (call.Id, call.FunctionName));
        Assert.Equal("Oslo", call.Arguments!["city"]!.ToString());
    }

    [Fact]
    public void ToolCallWithArgumentsThatAreNoObject_IsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => ClientTools.Calls(
            JsonNode.Parse("""[{"id":"c","function":{"name":"f","arguments":"[1"}}]"""), "messages[1]").ToList());

        Assert.Equal("messages[1].tool_calls[0]: 'arguments' must be a JSON object.", error.Message);
    }
}
