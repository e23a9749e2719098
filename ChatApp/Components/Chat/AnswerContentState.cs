using ChatApp.Markdown;
using ChatApp.Streaming.Log;
using ChatApp.Streaming.Structured;

namespace ChatApp.Components.Chat;

/// <summary>
/// What an answer's content shows, kept by its <see cref="MessageItem"/> (the log's reader) and rendered by
/// <see cref="AnswerContent"/>. A frame changes only this, so only the content re-renders, not the message around it.
/// </summary>
public sealed class AnswerContentState
{
    /// <summary>The answer's text as rendered for this frame (shared with the answer's other readers).</summary>
    public RenderedAnswer Rendered { get; set; } = RenderedAnswer.Empty;

    public AnswerView View { get; } = new();

    /// <summary>Frames that changed the text or the tool cards (the contract's <c>data-frames</c>).</summary>
    public int Frames { get; set; }

    /// <summary>
    /// The number of the newest frame sent to the browser. Every render of the content reports the frame it showed,
    /// so only the acknowledgement of a render that showed this frame opens the reader's gate; an earlier render's
    /// acknowledgement arriving late does not let a second frame into flight. It never goes back, not even across attempts.
    /// </summary>
    public long Sent { get; set; }

    public bool IsStructured { get; init; }

    public IReadOnlyList<StructuredField> Fields { get; set; } = [];

    public string? StructuredError { get; set; }
}
