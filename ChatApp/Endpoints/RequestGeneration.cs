using System.Text.Json.Nodes;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// An answer generated for one HTTP request: routed and failed over like the page's, watched for as long as
/// the request lasts, and stopped at once when the client goes away (an API client has no grace period).
/// </summary>
public sealed class RequestGeneration : IAsyncDisposable
{
    private readonly IDisposable _viewer;
    private readonly CancellationTokenRegistration _stopOnAbort;

    private RequestGeneration(Generation generation, CancellationToken aborted)
    {
        Generation = generation;
        _viewer = generation.AttachViewer();
        _stopOnAbort = aborted.Register(generation.Stop);
    }

    public Generation Generation { get; }

    public static RequestGeneration Start(HttpContext context, ChatHistory history, string? model)
    {
        var services = context.RequestServices;
        var provider = PickProvider(services.GetRequiredService<ProviderCatalog>(), model);
        var router = services.GetRequiredService<RequestRouter>();
        var generation = services.GetRequiredService<GenerationRegistry>().Start(provider.Name,
            (g, cancellationToken) => router.StreamAsync(history, provider, g, cancellationToken));
        return new RequestGeneration(generation, context.RequestAborted);
    }

    // The provider entry a request names (by display name or model id), else the default.
    private static ChatProvider PickProvider(ProviderCatalog providers, string? model) =>
        providers.Providers.FirstOrDefault(p => string.Equals(p.Name, model, StringComparison.OrdinalIgnoreCase)
                                                || string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase))
        ?? providers.Default;

    /// <summary>Chat messages as both APIs send them (role + text), into a Semantic Kernel history.</summary>
    public static ChatHistory ParseHistory(JsonNode? messages, Func<JsonNode, string> textOf)
    {
        if (messages is not JsonArray { Count: > 0 } list)
        {
            throw new ArgumentException("'messages' must be a non-empty array.");
        }
        var history = new ChatHistory();
        foreach (var message in list)
        {
            var role = message?["role"]?.GetValue<string>() ?? throw new ArgumentException("Every message needs a 'role'.");
            history.AddMessage(role switch
            {
                "system" or "developer" => AuthorRole.System,
                "user" => AuthorRole.User,
                "assistant" => AuthorRole.Assistant,
                _ => throw new ArgumentException($"Unsupported role '{role}'."),
            }, textOf(message));
        }
        return history;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopOnAbort.DisposeAsync();
        _viewer.Dispose();
    }
}
