using System.Text.Json.Nodes;
using ChatApp.Answers;
using ChatApp.Configuration;
using ChatApp.Conversations;
using ChatApp.Providers;
using ChatApp.Streaming;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Endpoints;

/// <summary>
/// Answers for the HTTP endpoints: started through the same <see cref="TurnStarter"/> as the page's (routed and
/// failed over alike), and the chat messages both APIs send read into a history.
/// </summary>
public static class RequestGeneration
{
    /// <param name="clientTools">The request offered its own tools (<see cref="ClientTools"/>): the model's calls are the answer.</param>
    /// <param name="shared">Scaled out, other instances can read it (a resumable answer).</param>
    /// <exception cref="LimitExceededException">The caller's limits refused it (answered as 429).</exception>
    public static async Task<Generation> StartAsync(HttpContext context, ChatHistory history, string? model, PromptExecutionSettings? settings, bool clientTools = false, bool shared = true)
    {
        var services = context.RequestServices;
        var provider = PickProvider(services.GetRequiredService<ProviderCatalog>(), model);
        var turns = services.GetRequiredService<TurnStarter>();
        var admission = await turns.AdmitAsync(ApiAccess.CallerOf(context));
        return turns.Start(new AnswerRequest(history, provider, settings, ClientTools: clientTools, Shared: shared), admission);
    }

    /// <summary>A limit's refusal as OpenAI's clients expect it: 429, <c>Retry-After</c>, <c>rate_limit_exceeded</c>.</summary>
    public static IResult Refused(LimitExceededException refusal) => refusal.ServerDraining
        ? ApiErrors.Of(StatusCodes.Status503ServiceUnavailable, refusal.Message, "server_draining", "draining", refusal.RetryAfter)
        : ApiErrors.Of(StatusCodes.Status429TooManyRequests, refusal.Message, "rate_limit_exceeded", refusal.Limit, refusal.RetryAfter);

    // The provider entry a request names (by display name or model id), else the default.
    private static ChatProvider PickProvider(ProviderCatalog providers, string? model) =>
        providers.Providers.FirstOrDefault(p => string.Equals(p.Name, model, StringComparison.OrdinalIgnoreCase)
                                                || string.Equals(p.Model, model, StringComparison.OrdinalIgnoreCase))
        ?? providers.Default;

    /// <summary>
    /// Chat messages as both APIs send them (role, text, images) into a Semantic Kernel history. Images are held
    /// to the composer's limits (<c>Chat:Uploads</c>) and only a user may send them.
    /// </summary>
    /// <param name="contentOf">A message's text, images and tool items (an assistant's function calls, a tool
    /// message's result); its second argument names the message for errors.</param>
    /// <param name="sizes">The request-size limits (<c>Chat:Limits</c>): messages per request and prompt characters.</param>
    public static ChatHistory ParseHistory(JsonNode? messages, UploadsOptions limits, LimitsOptions sizes,
        Func<JsonNode, string, (string Text, IReadOnlyList<ImageContent> Images, IReadOnlyList<KernelContent> ToolItems)> contentOf)
    {
        if (messages is not JsonArray { Count: > 0 } list)
        {
            throw new ArgumentException("'messages' must be a non-empty array.");
        }
        var history = new ChatHistory();
        ApiRequestBody.CheckMessageCount(list.Count, sizes);
        long characters = 0;
        for (var i = 0; i < list.Count; i++)
        {
            var message = list[i] ?? throw new ArgumentException($"messages[{i}] is null.");
            var name = $"messages[{i}]";
            var role = message["role"]?.GetValue<string>() switch
            {
                null => throw new ArgumentException("Every message needs a 'role'."),
                "system" or "developer" => AuthorRole.System,
                "user" => AuthorRole.User,
                "assistant" => AuthorRole.Assistant,
                "tool" => AuthorRole.Tool,
                var other => throw new ArgumentException($"Unsupported role '{other}'."),
            };
            var (text, images, toolItems) = contentOf(message, name);
            if (images.Count > 0 && role != AuthorRole.User)
            {
                throw new ArgumentException($"{name}: only user messages can carry images.");
            }
            if (images.Count > limits.MaxImagesPerMessage)
            {
                throw new ArgumentException($"{name}: {ImagePolicy.CheckCount(images.Count, limits)}");
            }
            history.Add(PromptContent.Turn(role, text, images, toolItems));
            characters += text.Length;
        }
        ApiRequestBody.CheckCharacters(characters, sizes);
        return history;
    }
}
