using System.Text.Json.Nodes;
using ChatApp.Configuration;
using ChatApp.Endpoints;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Endpoints;

public sealed class RequestGenerationTests
{
    private static readonly UploadsOptions Limits = new() { MaxImagesPerMessage = 1 };
    private static readonly LimitsOptions Sizes = new() { MaxMessagesPerRequest = 3, MaxPromptChars = 30 };
    private static readonly ImageContent Image = new(new byte[] { 1, 2, 3 }, "image/png");

    private static ChatHistory Parse(string json, Func<JsonNode, string, (string, IReadOnlyList<ImageContent>)> contentOf) =>
        RequestGeneration.ParseHistory(JsonNode.Parse(json), Limits, Sizes, (message, name) =>
        {
            var (text, images) = contentOf(message, name);
            return (text, images, []);
        });

    [Fact]
    public void TextAndImages_BecomeOneUserTurnWithContentParts()
    {
        var history = Parse("""[{"role":"system","content":"s"},{"role":"user","content":"u"}]""",
            (message, _) => message["role"]!.GetValue<string>() == "user" ? ("What is this?", [Image]) : ("Be brief.", []));

        Assert.Equal([AuthorRole.System, AuthorRole.User], history.Select(m => m.Role));
        Assert.Equal("Be brief.", history[0].Content);
        Assert.Equal("What is this?", history[1].Content);
        Assert.Same(Image, history[1].Items.OfType<ImageContent>().Single());
    }

    [Fact]
    public void TooManyMessages_OrTooManyCharacters_AreRefused_NamingTheLimit()
    {
        var many = Assert.Throws<RequestTooLargeException>(() => Parse("""[{"role":"user"},{"role":"user"},{"role":"user"},{"role":"user"}]""", (_, _) => ("x", [])));
        var long_ = Assert.Throws<RequestTooLargeException>(() => Parse("""[{"role":"user"},{"role":"user"}]""", (_, _) => ("sixteen chars...", [])));

        Assert.Equal("The request has 4 messages; Chat:Limits:MaxMessagesPerRequest allows 3.", many.Message);
        Assert.Equal("The messages have 32 characters; Chat:Limits:MaxPromptChars allows 30.", long_.Message);
        Assert.Equal(413, ApiRequestBody.StatusOf(many));
    }

    [Fact]
    public void ImagesFromAnAssistant_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Parse("""[{"role":"assistant"}]""", (_, _) => ("", [Image])));

        Assert.Equal("messages[0]: only user messages can carry images.", error.Message);
    }

    [Fact]
    public void MoreImagesThanAllowed_AreRefused_NamingTheKey()
    {
        var error = Assert.Throws<ArgumentException>(() => Parse("""[{"role":"user"}]""", (_, _) => ("", [Image, Image])));

        Assert.Contains("Chat:Uploads:MaxImagesPerMessage", error.Message);
    }

    [Fact]
    public void ToolItems_JoinTheTurn_AToolResultWithoutText()
    {
        var result = new FunctionResultContent(functionName: null, pluginName: null, "call_1", "42");

        var history = RequestGeneration.ParseHistory(JsonNode.Parse("""[{"role":"tool"}]"""), Limits, Sizes, (_, _) => ("", [], [result]));

        Assert.Equal(AuthorRole.Tool, history[0].Role);
        Assert.Same(result, Assert.Single(history[0].Items));
    }

    [Theory]
    [InlineData("[]", "non-empty array")]
    [InlineData("""[{"content":"x"}]""", "needs a 'role'")]
    [InlineData("""[{"role":"function"}]""", "Unsupported role 'function'")]
    public void BadMessages_AreClearErrors(string json, string words)
    {
        var error = Assert.Throws<ArgumentException>(() => Parse(json, (_, _) => ("x", [])));

        Assert.Contains(words, error.Message);
    }
}
