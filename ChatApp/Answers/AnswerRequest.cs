using ChatApp.Providers;
using ChatApp.Streaming.Tools;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Answers;

/// <summary>Everything one answer is started from, whoever asks for it (the chat page or an HTTP endpoint).</summary>
/// <param name="History">The conversation up to the answer (for a continue, ending with the partial answer).</param>
/// <param name="Provider">The provider entry chosen (routing and failover may answer with another).</param>
/// <param name="Settings">Execution settings (JSON mode, a client's generation parameters and tools).</param>
/// <param name="OfferTools">Offer the built-in tools (the page does, except in JSON mode).</param>
/// <param name="ClientTools">The request offered its own tools: the model's calls are handed back as the answer.</param>
/// <param name="AnswerId">The stored attempt's id (a continue keeps it); a new id when null.</param>
/// <param name="InitialText">A continue's partial text.</param>
/// <param name="ToolCalls">A continue's tool cards.</param>
/// <param name="ContinuedFrom">A continue: the provider that wrote the partial text.</param>
/// <param name="Shared">Scaled out, other instances may follow it (a page's or a resumable <c>/api/chat</c> answer); a plain
/// <c>/v1/chat/completions</c> stream has no way to be read elsewhere, so it is not copied to Redis.</param>
public sealed record AnswerRequest(
    ChatHistory History,
    ChatProvider Provider,
    PromptExecutionSettings? Settings = null,
    bool OfferTools = false,
    bool ClientTools = false,
    Guid? AnswerId = null,
    string InitialText = "",
    IReadOnlyList<ToolCallView>? ToolCalls = null,
    string? ContinuedFrom = null,
    bool Shared = true);
