using ChatApp.Configuration;
using ChatApp.Providers;
using ChatApp.Providers.Simulated;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.AzureOpenAI;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Microsoft.SemanticKernel.Services;

namespace ChatApp.Tests.Providers;

/// <summary>Provider configuration → the Semantic Kernel chat service behind each entry.</summary>
public sealed class ProviderCatalogTests
{
    private const string Secret = "sk-secret-value";

    private static ProviderCatalog Catalog(params ProviderOptions[] providers) => Catalog(new ChatOptions { Providers = [.. providers] });

    private static ProviderCatalog Catalog(ChatOptions options)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new ProviderCatalog(Options.Create(options), TimeProvider.System, services.GetRequiredService<IHttpClientFactory>(), NullLoggerFactory.Instance);
    }

    [Fact]
    public void NoEntries_IsTheBuiltInSimulatedModel()
    {
        var provider = Assert.Single(Catalog().Providers);

        Assert.IsType<SimulatedChatCompletionService>(provider.Service);
        Assert.Equal(("Simulated", "simulated"), (provider.Name, provider.Kind));
    }

    // When each token of /long is due on the catalog's simulated model configured so.
    private static IReadOnlyList<TimeSpan> LongAnswerSchedule(SimulatedModelOptions simulated)
    {
        var service = Assert.IsType<SimulatedChatCompletionService>(Assert.Single(Catalog(new ChatOptions { Simulated = simulated }).Providers).Service);
        var history = new Microsoft.SemanticKernel.ChatCompletion.ChatHistory();
        history.AddUserMessage("/long");
        return service.Plan(history).DueTimes;
    }

    [Fact]
    public void SimulatedModel_WithoutPaceVariationOrJitter_StreamsEveryTokenOnAnEvenSchedule()
    {
        var due = LongAnswerSchedule(new() { FirstTokenDelayMs = 300, TokensPerSecond = 20, PaceVariationPercent = 0, TokenJitterPercent = 0 });

        // The load tool's baseline server streams on exactly this schedule: first token at 300 ms, then one every 50 ms.
        Assert.All(Enumerable.Range(0, due.Count), i => Assert.Equal(300 + i * 50.0, due[i].TotalMilliseconds, precision: 3));
    }

    [Fact]
    public void SimulatedModel_ByDefault_VariesEachAnswersPaceAndEachGap()
    {
        var due = LongAnswerSchedule(new() { TokensPerSecond = 20 });

        var gaps = Enumerable.Range(1, due.Count - 1).Select(i => (due[i] - due[i - 1]).TotalMilliseconds).ToList();
        Assert.True(gaps.Max() - gaps.Min() > 10, $"gaps from {gaps.Min()} to {gaps.Max()} ms: the default schedule is not jittered");
    }

    [Fact]
    public void EachKind_MapsToItsSemanticKernelService_InFailoverOrder()
    {
        var catalog = Catalog(
            new ProviderOptions { Name = "Local", Kind = "openai", Endpoint = "http://127.0.0.1:11434/v1", Model = "llama3" },
            new ProviderOptions { Name = "Azure", Kind = "azure-openai", Endpoint = "https://r.openai.azure.com/", Model = "gpt-4o-deploy", ApiKey = Secret },
            new ProviderOptions { Name = "Claude", Kind = "anthropic", Model = "claude-sonnet-4-5", ApiKey = Secret },
            new ProviderOptions { Kind = "simulated" });

        Assert.Equal([0, 1, 2, 3], catalog.Providers.Select(p => p.Index));
        Assert.Equal(["Local", "Azure", "Claude", "simulated"], catalog.Providers.Select(p => p.Name));
        Assert.IsType<OpenAIChatCompletionService>(catalog.Providers[0].Service);
        Assert.IsType<AzureOpenAIChatCompletionService>(catalog.Providers[1].Service);
        Assert.IsType<ChatClientCallIndexing>(catalog.Providers[2].Service);
        Assert.IsType<SimulatedChatCompletionService>(catalog.Providers[3].Service);
        Assert.Equal("llama3", catalog.Providers[0].Service.GetModelId());
        Assert.Equal("gpt-4o-deploy", catalog.Providers[1].Service.GetModelId());
    }

    [Fact]
    public void TheApiKey_AppearsInNoServiceAttributeNorProviderDescription()
    {
        var catalog = Catalog(
            new ProviderOptions { Name = "Azure", Kind = "azure-openai", Endpoint = "https://r.openai.azure.com/", Model = "d", ApiKey = Secret },
            new ProviderOptions { Name = "Claude", Kind = "anthropic", Model = "m", ApiKey = Secret });

        foreach (var provider in catalog.Providers)
        {
            Assert.DoesNotContain(Secret, provider.ToString());
            Assert.DoesNotContain(provider.Service.Attributes.Values, v => v?.ToString()?.Contains(Secret) == true);
        }
        Assert.DoesNotContain(Secret, new ProviderOptions { Kind = "anthropic", ApiKey = Secret }.ToString());
    }
}
