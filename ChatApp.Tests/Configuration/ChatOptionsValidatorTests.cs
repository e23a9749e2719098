using ChatApp.Configuration;

namespace ChatApp.Tests.Configuration;

public sealed class ChatOptionsValidatorTests
{
    private static IEnumerable<string> Failures(ChatOptions options) =>
        new ChatOptionsValidator().Validate(null, options).Failures ?? [];

    private static ChatOptions WithProvider(ProviderOptions provider) => new() { Providers = [provider] };

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ChatOptionsValidator().Validate(null, new ChatOptions()).Succeeded);
    }

    [Fact]
    public void Validate_BadLimitsAndAShortApiKey_NameEachKey_AndNeverEchoTheKey()
    {
        var options = new ChatOptions
        {
            Limits = new LimitsOptions { ConcurrentStreams = 0, MaxRequestBytes = 10 },
            Api = new ApiOptions { Keys = ["short-secret"] },
            Streaming = new StreamingOptions { DrainSeconds = -1 },
        };

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("Chat:Limits:ConcurrentStreams must be between 1 and 1000000"));
        Assert.Contains(failures, f => f.StartsWith("Chat:Limits:MaxRequestBytes must be between"));
        Assert.Contains("Chat:Api:Keys:0 must be at least 16 characters", failures);
        Assert.Contains(failures, f => f.StartsWith("Chat:Streaming:DrainSeconds must be between 0 and 600"));
        Assert.DoesNotContain(failures, f => f.Contains("short-secret"));
    }

    [Fact]
    public void Validate_ScaleOutRedis_WithSqlite_StopsStartup_NamingBothKeys()
    {
        var failure = Assert.Single(Failures(new ChatOptions { ScaleOut = new ScaleOutOptions { Redis = "127.0.0.1:6379" } }));

        Assert.Equal("Chat:ScaleOut:Redis needs shared storage: set Chat:Storage:Provider to postgres (was sqlite)", failure);
    }

    [Fact]
    public void Validate_ScaleOutRedis_WithPostgres_Succeeds_AndBadValuesNameTheirKeys()
    {
        var storage = new StorageOptions { Provider = "postgres", ConnectionString = "Host=127.0.0.1;Username=postgres;Database=chat" };
        Assert.Empty(Failures(new ChatOptions { Storage = storage, ScaleOut = new ScaleOutOptions { Redis = "127.0.0.1:6379,abortConnect=false" } }));

        var failures = Failures(new ChatOptions
        {
            Storage = storage,
            ScaleOut = new ScaleOutOptions { Redis = "127.0.0.1:6379,notAnOption=1", LeaseSeconds = 0.5, SweepSeconds = 0, RetainSeconds = 1 },
        });

        Assert.Contains(failures, f => f.StartsWith("Chat:ScaleOut:Redis is not a StackExchange.Redis configuration string"));
        Assert.Contains("Chat:ScaleOut:LeaseSeconds must be between 1 and 300 (was 0.5)", failures);
        Assert.Contains("Chat:ScaleOut:SweepSeconds must be between 0.2 and 300 (was 0)", failures);
        Assert.Contains("Chat:ScaleOut:RetainSeconds must be between 10 and 604800 (was 1)", failures);
    }

    [Fact]
    public void Validate_OpenAiProviderComplete_Succeeds()
    {
        var options = WithProvider(new() { Kind = "openai", Endpoint = "http://127.0.0.1:11434/v1", Model = "llama3" });

        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Validate_AzureOpenAiWithoutKeyOrDeployment_NamesEachKey()
    {
        var options = WithProvider(new() { Kind = "azure-openai", Endpoint = "https://r.openai.azure.com/" });

        Assert.Equal(
            ["Chat:Providers:0:Model is missing (the Azure OpenAI deployment name)", "Chat:Providers:0:ApiKey is missing (azure-openai requires an API key)"],
            Failures(options));
    }

    [Fact]
    public void Validate_AnthropicNeedsNoEndpoint_ButAKey()
    {
        Assert.Empty(Failures(WithProvider(new() { Kind = "anthropic", Model = "claude-sonnet-4-5", ApiKey = "k" })));
        Assert.Equal(["Chat:Providers:0:ApiKey is missing (anthropic requires an API key)"],
            Failures(WithProvider(new() { Kind = "anthropic", Model = "claude-sonnet-4-5" })));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public void Validate_ToolsMaxStepsOutOfRange_NamesTheKey(int maxSteps)
    {
        var failure = Assert.Single(Failures(new ChatOptions { Tools = new ToolsOptions { MaxSteps = maxSteps } }));
        Assert.StartsWith("Chat:Tools:MaxSteps must be between 1 and 50", failure);
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com/v1")]
    [InlineData("/v1")]
    public void Validate_EndpointNotAbsoluteHttp_NamesTheKey(string endpoint)
    {
        var options = WithProvider(new() { Kind = "openai", Endpoint = endpoint, Model = "m" });

        var failure = Assert.Single(Failures(options));
        Assert.StartsWith("Chat:Providers:0:Endpoint is not an absolute http(s) URL", failure);
    }

    [Fact]
    public void Validate_MissingKind_NamesTheKeyAndTheChoices()
    {
        var failure = Assert.Single(Failures(WithProvider(new() { Name = "x" })));

        Assert.StartsWith("Chat:Providers:0:Kind is missing", failure);
        Assert.Contains("simulated, openai", failure);
    }

    [Fact]
    public void Validate_UnknownKind_NamesTheKey()
    {
        var failure = Assert.Single(Failures(WithProvider(new() { Kind = "gpt" })));

        Assert.StartsWith("Chat:Providers:0:Kind 'gpt' is not a provider kind", failure);
    }

    [Fact]
    public void Validate_SecondProviderMissingModelAndEndpoint_NamesIndexOne()
    {
        var options = new ChatOptions
        {
            Providers = [new() { Kind = "simulated" }, new() { Kind = "openai" }],
        };

        var failures = Failures(options).ToList();

        Assert.Contains(failures, f => f.StartsWith("Chat:Providers:1:Endpoint is missing"));
        Assert.Contains(failures, f => f.StartsWith("Chat:Providers:1:Model is missing"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5000)]
    public void Validate_FrameIntervalOutOfRange_NamesTheKey(int milliseconds)
    {
        var options = new ChatOptions { Streaming = new() { FrameIntervalMs = milliseconds } };

        Assert.StartsWith("Chat:Streaming:FrameIntervalMs", Assert.Single(Failures(options)));
    }

    [Fact]
    public void Validate_NonPositivePace_NamesTheKey()
    {
        var options = new ChatOptions { Simulated = new() { TokensPerSecond = 0 } };

        Assert.StartsWith("Chat:Simulated:TokensPerSecond", Assert.Single(Failures(options)));
    }

    [Theory]
    [InlineData(-1, 35, "Chat:Simulated:PaceVariationPercent")]
    [InlineData(100, 35, "Chat:Simulated:PaceVariationPercent")]
    [InlineData(20, -5, "Chat:Simulated:TokenJitterPercent")]
    [InlineData(20, 100, "Chat:Simulated:TokenJitterPercent")]
    public void Validate_VariationThatCouldStallTheModel_NamesTheKey(double pace, double jitter, string key)
    {
        var options = new ChatOptions { Simulated = new() { PaceVariationPercent = pace, TokenJitterPercent = jitter } };

        Assert.StartsWith(key, Assert.Single(Failures(options)));
    }

    [Fact]
    public void Validate_PostgresWithoutConnectionString_NamesTheKey()
    {
        var options = new ChatOptions { Storage = new() { Provider = "postgres" } };

        Assert.StartsWith("Chat:Storage:ConnectionString is required", Assert.Single(Failures(options)));
    }

    [Fact]
    public void Validate_UnknownStorageProvider_NamesTheKey()
    {
        var options = new ChatOptions { Storage = new() { Provider = "mongo" } };

        Assert.StartsWith("Chat:Storage:Provider must be sqlite or postgres", Assert.Single(Failures(options)));
    }

    [Fact]
    public void ProviderOptions_ToString_NeverContainsTheApiKey()
    {
        var provider = new ProviderOptions { Kind = "openai", Endpoint = "http://x/v1", Model = "m", ApiKey = "sk-secret" };

        Assert.DoesNotContain("sk-secret", provider.ToString());
    }
}
