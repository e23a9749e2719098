using Microsoft.Extensions.Options;

namespace ChatApp.Configuration;

/// <summary>
/// Checks the <c>Chat</c> section at startup. Every failure names the configuration key it is about,
/// so an operator can fix the value without reading code.
/// </summary>
public sealed class ChatOptionsValidator : IValidateOptions<ChatOptions>
{
    public ValidateOptionsResult Validate(string? name, ChatOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Providers.Count; i++)
        {
            ValidateProvider(options.Providers[i], $"Chat:Providers:{i}", failures);
        }

        var streaming = options.Streaming;
        if (streaming.FrameIntervalMs is < 1 or > 1000)
        {
            failures.Add($"Chat:Streaming:FrameIntervalMs must be between 1 and 1000 (was {streaming.FrameIntervalMs})");
        }
        if (streaming.DisconnectGraceSeconds is < 0 or > 600)
        {
            failures.Add($"Chat:Streaming:DisconnectGraceSeconds must be between 0 and 600 (was {streaming.DisconnectGraceSeconds})");
        }

        if (streaming.MaxDurationSeconds is < 1 or > 3600)
        {
            failures.Add($"Chat:Streaming:MaxDurationSeconds must be between 1 and 3600 (was {streaming.MaxDurationSeconds})");
        }
        if (streaming.FirstTokenTimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"Chat:Streaming:FirstTokenTimeoutSeconds must be between 1 and 600 (was {streaming.FirstTokenTimeoutSeconds})");
        }
        if (streaming.StillWaitingSeconds is < 1 or > 600)
        {
            failures.Add($"Chat:Streaming:StillWaitingSeconds must be between 1 and 600 (was {streaming.StillWaitingSeconds})");
        }
        if (options.Failover.BreakDurationSeconds is < 1 or > 3600)
        {
            failures.Add($"Chat:Failover:BreakDurationSeconds must be between 1 and 3600 (was {options.Failover.BreakDurationSeconds})");
        }
        if (options.Failover.MaxRetryAfterSeconds is < 0 or > 60)
        {
            failures.Add($"Chat:Failover:MaxRetryAfterSeconds must be between 0 and 60 (was {options.Failover.MaxRetryAfterSeconds})");
        }

        if (options.Ui.FollowThresholdPx is < 0 or > 2000)
        {
            failures.Add($"Chat:Ui:FollowThresholdPx must be between 0 and 2000 (was {options.Ui.FollowThresholdPx})");
        }

        if (options.Tools.MaxSteps is < 1 or > 50)
        {
            failures.Add($"Chat:Tools:MaxSteps must be between 1 and 50 (was {options.Tools.MaxSteps})");
        }
        if (options.Tools.CallTimeoutSeconds is < 1 or > 600)
        {
            failures.Add($"Chat:Tools:CallTimeoutSeconds must be between 1 and 600 (was {options.Tools.CallTimeoutSeconds})");
        }

        if (options.Uploads.MaxImageBytes is < 1024 or > 50 * 1024 * 1024)
        {
            failures.Add($"Chat:Uploads:MaxImageBytes must be between 1024 and 52428800 (was {options.Uploads.MaxImageBytes})");
        }
        if (options.Uploads.MaxImagesPerMessage is < 0 or > 20)
        {
            failures.Add($"Chat:Uploads:MaxImagesPerMessage must be between 0 and 20 (was {options.Uploads.MaxImagesPerMessage}; 0 turns image input off)");
        }

        if (options.ScaleOut.Enabled)
        {
            if (options.Storage.Provider != "postgres")
            {
                // Each instance would keep its own SQLite file: a reload on another instance would not find the conversation.
                failures.Add($"Chat:ScaleOut:Redis needs shared storage: set Chat:Storage:Provider to postgres (was {options.Storage.Provider})");
            }
            try
            {
                StackExchange.Redis.ConfigurationOptions.Parse(options.ScaleOut.Redis!);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"Chat:ScaleOut:Redis is not a StackExchange.Redis configuration string: {ex.Message}");
            }
        }
        if (options.ScaleOut.LeaseSeconds is < 1 or > 300)
        {
            failures.Add($"Chat:ScaleOut:LeaseSeconds must be between 1 and 300 (was {options.ScaleOut.LeaseSeconds})");
        }
        if (options.ScaleOut.SweepSeconds is < 0.2 or > 300)
        {
            failures.Add($"Chat:ScaleOut:SweepSeconds must be between 0.2 and 300 (was {options.ScaleOut.SweepSeconds})");
        }
        if (options.ScaleOut.RetainSeconds is < 10 or > 7 * 24 * 3600)
        {
            failures.Add($"Chat:ScaleOut:RetainSeconds must be between 10 and 604800 (was {options.ScaleOut.RetainSeconds})");
        }
        if (options.Streaming.DrainSeconds is < 0 or > 600)
        {
            failures.Add($"Chat:Streaming:DrainSeconds must be between 0 and 600 (was {options.Streaming.DrainSeconds})");
        }
        if (options.Limits.ConcurrentStreams is < 1 or > 1_000_000)
        {
            failures.Add($"Chat:Limits:ConcurrentStreams must be between 1 and 1000000 (was {options.Limits.ConcurrentStreams})");
        }
        if (options.Limits.TokensPerHour < 1)
        {
            failures.Add($"Chat:Limits:TokensPerHour must be at least 1 (was {options.Limits.TokensPerHour})");
        }
        if (options.Limits.MaxPromptChars is < 1 or > 10_000_000)
        {
            failures.Add($"Chat:Limits:MaxPromptChars must be between 1 and 10000000 (was {options.Limits.MaxPromptChars})");
        }
        if (options.Limits.MaxMessagesPerRequest is < 1 or > 100_000)
        {
            failures.Add($"Chat:Limits:MaxMessagesPerRequest must be between 1 and 100000 (was {options.Limits.MaxMessagesPerRequest})");
        }
        if (options.Limits.MaxRequestBytes is < 1024 or > 256 * 1024 * 1024)
        {
            failures.Add($"Chat:Limits:MaxRequestBytes must be between 1024 and 268435456 (was {options.Limits.MaxRequestBytes})");
        }
        for (var i = 0; i < options.Api.Keys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.Api.Keys[i]) || options.Api.Keys[i].Length < 16)
            {
                // The key itself is never echoed: it is a secret.
                failures.Add($"Chat:Api:Keys:{i} must be at least 16 characters");
            }
        }

        var providerCount = Math.Max(1, options.Providers.Count);
        if (options.Routing.Classifier is { } classifier)
        {
            if (classifier < 0 || classifier >= providerCount)
            {
                failures.Add($"Chat:Routing:Classifier must be the index of a Chat:Providers entry (0–{providerCount - 1}, was {classifier})");
            }
            if (options.Routing.Routes.Count == 0)
            {
                failures.Add("Chat:Routing:Routes is empty: add at least one label, e.g. Chat:Routing:Routes:general=0");
            }
            foreach (var (label, index) in options.Routing.Routes)
            {
                if (index < 0 || index >= providerCount)
                {
                    failures.Add($"Chat:Routing:Routes:{label} must be the index of a Chat:Providers entry (0–{providerCount - 1}, was {index})");
                }
            }
        }

        var storage = options.Storage;
        if (storage.Provider is not ("sqlite" or "postgres"))
        {
            failures.Add($"Chat:Storage:Provider must be sqlite or postgres (was '{storage.Provider}')");
        }
        else if (storage.Provider == "postgres" && string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            failures.Add("Chat:Storage:ConnectionString is required when Chat:Storage:Provider is postgres (e.g. Host=127.0.0.1;Database=chatapp;Username=chatapp)");
        }
        if (storage.CheckpointIntervalMs is < 50 or > 60_000)
        {
            failures.Add($"Chat:Storage:CheckpointIntervalMs must be between 50 and 60000 (was {storage.CheckpointIntervalMs})");
        }

        var simulated = options.Simulated;
        if (simulated.FirstTokenDelayMs is < 0 or > 600_000)
        {
            failures.Add($"Chat:Simulated:FirstTokenDelayMs must be between 0 and 600000 (was {simulated.FirstTokenDelayMs})");
        }
        if (simulated.SlowFirstTokenDelayMs is < 0 or > 600_000)
        {
            failures.Add($"Chat:Simulated:SlowFirstTokenDelayMs must be between 0 and 600000 (was {simulated.SlowFirstTokenDelayMs})");
        }
        if (!(simulated.TokensPerSecond is > 0 and <= 100_000))
        {
            failures.Add($"Chat:Simulated:TokensPerSecond must be greater than 0 and at most 100000 (was {simulated.TokensPerSecond})");
        }
        // Below 100 %: a pace or a gap of zero would stall the answer.
        if (!(simulated.PaceVariationPercent is >= 0 and < 100))
        {
            failures.Add($"Chat:Simulated:PaceVariationPercent must be at least 0 and below 100 (was {simulated.PaceVariationPercent})");
        }
        if (!(simulated.TokenJitterPercent is >= 0 and < 100))
        {
            failures.Add($"Chat:Simulated:TokenJitterPercent must be at least 0 and below 100 (was {simulated.TokenJitterPercent})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateProvider(ProviderOptions provider, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(provider.Kind))
        {
            failures.Add($"{key}:Kind is missing (one of: {string.Join(", ", ProviderKinds.Known)})");
            return;
        }
        if (!ProviderKinds.Known.Contains(provider.Kind))
        {
            failures.Add($"{key}:Kind '{provider.Kind}' is not a provider kind (one of: {string.Join(", ", ProviderKinds.Known)})");
            return;
        }
        if (!ProviderKinds.Supported.Contains(provider.Kind))
        {
            failures.Add($"{key}:Kind '{provider.Kind}' is not supported by this build yet (supported: {string.Join(", ", ProviderKinds.Supported)})");
            return;
        }
        if (provider.Kind == ProviderKinds.Simulated)
        {
            return;
        }

        // Anthropic has a default endpoint; the others need to be told where the server is.
        if (string.IsNullOrWhiteSpace(provider.Endpoint))
        {
            if (provider.Kind != ProviderKinds.Anthropic)
            {
                failures.Add(provider.Kind == ProviderKinds.AzureOpenAI
                    ? $"{key}:Endpoint is missing (the Azure OpenAI resource URL, e.g. https://my-resource.openai.azure.com/)"
                    : $"{key}:Endpoint is missing (the provider's base URL, e.g. http://127.0.0.1:11434/v1)");
            }
        }
        else if (!Uri.TryCreate(provider.Endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{key}:Endpoint is not an absolute http(s) URL (was '{provider.Endpoint}')");
        }
        if (string.IsNullOrWhiteSpace(provider.Model))
        {
            failures.Add(provider.Kind == ProviderKinds.AzureOpenAI
                ? $"{key}:Model is missing (the Azure OpenAI deployment name)"
                : $"{key}:Model is missing (the model id sent to the provider)");
        }
        // Local OpenAI-compatible servers need no key; Azure OpenAI and Anthropic always do.
        if (provider.Kind is ProviderKinds.AzureOpenAI or ProviderKinds.Anthropic && string.IsNullOrWhiteSpace(provider.ApiKey))
        {
            failures.Add($"{key}:ApiKey is missing ({provider.Kind} requires an API key)");
        }
    }
}
