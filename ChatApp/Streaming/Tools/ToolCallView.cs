namespace ChatApp.Streaming.Tools;

/// <summary>One tool call as a frame shows it (immutable).</summary>
/// <param name="Round">Which model turn of the answer asked for it (0 = the first).</param>
/// <param name="Index">Its position among the calls of that round.</param>
/// <param name="CallId">The provider's id for the call (null until it arrives, or for providers that send none).</param>
/// <param name="Arguments">The arguments as streamed so far (JSON text, possibly unfinished).</param>
/// <param name="Result">A preview of the result, or the error, once it is known.</param>
/// <param name="TextOffset">Where in the answer text the card stands: the text before it was written before the call.</param>
public sealed record ToolCallView(
    int Round,
    int Index,
    string? CallId,
    string Name,
    string Arguments,
    ToolCallState State,
    string? Result,
    int TextOffset);
