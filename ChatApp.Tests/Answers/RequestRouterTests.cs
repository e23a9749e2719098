using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Streaming;
using ChatApp.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Tests.Answers;

public sealed class RequestRouterTests
{
    private readonly FakeChatService _classifier = new();
    private readonly FakeChatService _general = new();
    private readonly FakeChatService _coder = new();
    private readonly ChatOptions _options = new()
    {
        Routing = new RoutingOptions { Classifier = 0, Routes = new(StringComparer.OrdinalIgnoreCase) { ["general"] = 1, ["code"] = 2 } },
    };

    private RequestRouter Router()
    {
        var catalog = new ProviderCatalog([
            new ChatProvider(0, "Fast", "openai", "f", _classifier),
            new ChatProvider(1, "General", "openai", "g", _general),
            new ChatProvider(2, "Coder", "openai", "c", _coder),
        ]);
        var options = Options.Create(_options);
        var failover = new FailoverChatStream(catalog, new ProviderResilience(options, new FakeTimeProvider()), options, NullLogger<FailoverChatStream>.Instance);
        var answer = new ChatApp.Tools.ToolCallingChatStream(new ChatApp.Tools.ChatToolSet(TimeProvider.System), failover, options, TimeProvider.System, NullLogger<ChatApp.Tools.ToolCallingChatStream>.Instance);
        return new RequestRouter(catalog, answer, options, NullLogger<RequestRouter>.Instance);
    }

    private static ChatHistory Ask(string prompt)
    {
        var history = new ChatHistory();
        history.AddUserMessage(prompt);
        return history;
    }

    [Fact]
    public async Task Route_ClassifierLabel_PicksTheProvider_AndTheStatusLineSaysEachStep()
    {
        _classifier.CompleteCallback = (_, _) => Task.FromResult("Code.");
        _coder.StreamCallback = (_, token) => FakeChatService.Answer("fixed", token);
        var fast = new ChatProvider(0, "Fast", "openai", "f", _classifier);

        var updates = await Router().StreamAsync(Ask("fix my function"), fast, CancellationToken.None).ToListAsync();

        Assert.Equal([new StatusUpdate("Fast", "Analyzing your request…", StatusKind.Routing), new StatusUpdate("Coder", "Generating with Coder…", StatusKind.Routing)], updates.OfType<StatusUpdate>());
        Assert.Equal("fixed ", string.Concat(updates.OfType<TextDelta>().Select(t => t.Text)));
    }

    [Fact]
    public async Task Route_ClassifierFails_UsesTheDefaultRoute()
    {
        _classifier.CompleteCallback = (_, _) => throw new HttpRequestException("down");
        var provider = await Router().RouteAsync(Ask("hello"), CancellationToken.None);

        Assert.Equal("General", provider.Name);
    }

    [Fact]
    public async Task Stream_Routed_AnswerComesFromTheRoutedProvider()
    {
        _classifier.CompleteCallback = (_, _) => Task.FromResult("general");
        _general.StreamCallback = (_, token) => FakeChatService.Answer("routed answer", token);
        var updates = await Router().StreamAsync(Ask("hi"), new ChatProvider(0, "x", "openai", "x", _classifier), CancellationToken.None).ToListAsync();

        Assert.Equal("routed answer ", string.Concat(updates.OfType<TextDelta>().Select(t => t.Text)));
        Assert.Equal(0, _coder.StreamingCalls);
    }

    [Fact]
    public void Validate_RoutingToAMissingProvider_NamesTheKey()
    {
        var options = new ChatOptions { Routing = new RoutingOptions { Classifier = 0, Routes = new() { ["code"] = 3 } } };

        var failure = Assert.Single(new ChatOptionsValidator().Validate(null, options).Failures!);
        Assert.StartsWith("Chat:Routing:Routes:code must be the index of a Chat:Providers entry", failure);
    }
}
