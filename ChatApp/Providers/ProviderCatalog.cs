using System.ClientModel;
using System.ClientModel.Primitives;
using ChatApp.Configuration;
using ChatApp.Providers.Simulated;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using OpenAI;
using Anthropic;
using Azure.AI.OpenAI;
using AnthropicClientExtensions = Microsoft.Extensions.AI.AnthropicClientExtensions;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;

namespace ChatApp.Providers;

/// <summary>
/// The configured providers, in <c>Chat:Providers</c> order, each behind Semantic Kernel's
/// <see cref="IChatCompletionService"/>. With no entries configured, the built-in simulated model is the only one.
/// </summary>
public sealed class ProviderCatalog
{
    public ProviderCatalog(IOptions<ChatOptions> options, TimeProvider time, IHttpClientFactory httpClients, ILoggerFactory loggerFactory)
    {
        var chat = options.Value;
        var entries = chat.Providers.Count > 0
            ? chat.Providers
            : [new ProviderOptions { Name = "Simulated", Kind = ProviderKinds.Simulated }];
        Providers = entries.Select((entry, index) => Create(index, entry, chat, time, httpClients, loggerFactory)).ToArray();
    }

    /// <summary>A catalog of ready-made providers (tests, or hosts that build their own services).</summary>
    public ProviderCatalog(IReadOnlyList<ChatProvider> providers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(providers.Count);
        Providers = providers;
    }

    public IReadOnlyList<ChatProvider> Providers { get; }

    public ChatProvider Default => Providers[0];

    public ChatProvider Get(int index) => index >= 0 && index < Providers.Count ? Providers[index] : Default;

    /// <summary>The named HttpClient providers use (no overall timeout: a stream may run for minutes).</summary>
    public const string HttpClientName = "chat-providers";

    private static ChatProvider Create(int index, ProviderOptions entry, ChatOptions chat, TimeProvider time, IHttpClientFactory httpClients, ILoggerFactory loggerFactory)
    {
        IChatCompletionService service = entry.Kind switch
        {
            ProviderKinds.Simulated => new SimulatedChatCompletionService(chat.Simulated, time, failOnThisProvider: index == 0),
            ProviderKinds.OpenAI => new OpenAIChatCompletionService(entry.Model!, CreateOpenAIClient(entry, httpClients), loggerFactory),
            // For Azure, Model is the deployment name.
            ProviderKinds.AzureOpenAI => new AzureOpenAIChatCompletionService(entry.Model!, CreateAzureOpenAIClient(entry, httpClients), entry.Model, loggerFactory),
            // Anthropic's own SDK as a Microsoft.Extensions.AI IChatClient, bridged into Semantic Kernel.
            ProviderKinds.Anthropic => new ChatClientCallIndexing(
                new FinishReasonMetadataChatClient(AnthropicClientExtensions.AsIChatClient(CreateAnthropicClient(entry, httpClients), entry.Model, AnthropicMaxOutputTokens))
                    .AsChatCompletionService()),
            _ => throw new InvalidOperationException($"Chat:Providers:{index}:Kind '{entry.Kind}' is not supported by this build."),
        };
        return new ChatProvider(index, entry.DisplayName, entry.Kind!, entry.Model, service);
    }

    /// <summary>Anthropic requires a limit on every request; this one leaves room for long answers.</summary>
    public const int AnthropicMaxOutputTokens = 8192;

    private static AzureOpenAIClient CreateAzureOpenAIClient(ProviderOptions entry, IHttpClientFactory httpClients) => new(
        new Uri(entry.Endpoint!),
        new ApiKeyCredential(entry.ApiKey!),
        new AzureOpenAIClientOptions
        {
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            NetworkTimeout = TimeSpan.FromMinutes(30),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });

    private static AnthropicClient CreateAnthropicClient(ProviderOptions entry, IHttpClientFactory httpClients) => new()
    {
        ApiKey = entry.ApiKey!,
        BaseUrl = string.IsNullOrWhiteSpace(entry.Endpoint) ? AnthropicDefaultEndpoint : entry.Endpoint!,
        HttpClient = httpClients.CreateClient(HttpClientName),
        MaxRetries = 0, // failover is ours to decide
        Timeout = TimeSpan.FromMinutes(30),
    };

    /// <summary>Where the <c>anthropic</c> kind connects when <c>Endpoint</c> is not set.</summary>
    public const string AnthropicDefaultEndpoint = "https://api.anthropic.com";

    private static OpenAIClient CreateOpenAIClient(ProviderOptions entry, IHttpClientFactory httpClients) => new(
        // OpenAI-compatible local servers (Ollama, vLLM, llama.cpp) need no key, but the SDK wants one.
        new ApiKeyCredential(string.IsNullOrEmpty(entry.ApiKey) ? "no-key" : entry.ApiKey),
        new OpenAIClientOptions
        {
            Endpoint = new Uri(entry.Endpoint!),
            Transport = new HttpClientPipelineTransport(httpClients.CreateClient(HttpClientName)),
            // The SDK's 100 s default would cut long answers; stream limits are enforced by the generation.
            NetworkTimeout = TimeSpan.FromMinutes(30),
            // Failover to the next provider is ours to decide; don't sit in SDK retries before the first token.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        });
}
