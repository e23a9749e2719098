using System.Net;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;

namespace ChatApp.Tests.Providers;

public sealed class ProviderErrorTests
{
    private static HttpOperationException Refused(HttpStatusCode status, string body) =>
        new(status, body, "Service request failed.", new HttpRequestException("inner"));

    [Theory]
    [InlineData("""{"error":{"message":"registry.ollama.ai/library/llama2 does not support tools","type":"api_error"}}""", true)]
    [InlineData("""{"error":{"message":"\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set"}}""", true)]
    [InlineData("""{"error":"tools param requires --jinja flag"}""", true)]
    [InlineData("""{"error":{"message":"This model's maximum context length is 8192 tokens."}}""", false)]
    [InlineData("not json at all: tools", false)]
    public void ToolRefusal_IsRecognisedFromTheProvidersMessage(string body, bool rejectsTools)
    {
        Assert.Equal(rejectsTools, ProviderError.RejectsTools(Refused(HttpStatusCode.BadRequest, body)));
    }

    [Fact]
    public void ABusyProviderMentioningTools_IsNoToolRefusal()
    {
        Assert.False(ProviderError.RejectsTools(Refused(HttpStatusCode.TooManyRequests, """{"error":{"message":"too many tool calls"}}""")));
    }

    [Fact]
    public void BadRequest_IsDescribedWithWhatTheProviderSaid()
    {
        var outcome = StreamFailureDescriber.Describe(
            Refused(HttpStatusCode.BadRequest, """{"error":{"message":"Unknown model 'gpt-9'"}}"""), "Local", hadText: false);

        Assert.Equal("Local refused the request (HTTP 400): Unknown model 'gpt-9'.", outcome.ErrorMessage);
        Assert.Equal(FailureKind.Refused, outcome.Failure);
    }

    [Fact]
    public void Unauthorized_IsNotExplained_SinceSomeProvidersEchoPartOfTheKey()
    {
        var outcome = StreamFailureDescriber.Describe(
            Refused(HttpStatusCode.Unauthorized, """{"error":{"message":"Incorrect API key provided: sk-abc****wxyz"}}"""), "OpenAI", hadText: false);

        Assert.Equal("OpenAI refused the request (HTTP 401).", outcome.ErrorMessage);
    }
}
