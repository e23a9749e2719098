using ChatApp.Streaming;
using ChatApp.Streaming.Log;

namespace ChatApp.Endpoints;

/// <summary>
/// An answer's log events as the Vercel AI SDK UI message stream (v1) chunks: <c>start</c> and <c>start-step</c>
/// for the start, <c>text-start</c> once then a <c>text-delta</c> per text event, and at the outcome
/// <c>text-end</c>, <c>error</c> (a failure), <c>finish-step</c>, <c>finish</c>. Stateful and deterministic, so
/// a resume can encode the whole log and send only what follows the client's <c>Last-Event-ID</c>.
/// </summary>
public sealed class UiMessageStreamEncoder(Guid answerId)
{
    private readonly string _textId = $"text-{answerId:N}";
    private bool _textStarted;

    /// <summary>The chunks one event becomes (none for events the protocol has no part for, such as status lines).</summary>
    public IReadOnlyList<object> Encode(AnswerEvent e)
    {
        switch (e)
        {
            case AnswerStarted started:
                var opening = new List<object> { new { type = "start", messageId = $"msg-{answerId:N}" }, new { type = "start-step" } };
                if (started.InitialText.Length > 0)
                {
                    opening.AddRange(Text(started.InitialText));
                }
                return opening;
            case TextAppended text:
                return Text(text.Text);
            case AnswerEnded ended:
                var closing = new List<object>();
                if (_textStarted)
                {
                    closing.Add(new { type = "text-end", id = _textId });
                }
                if (ended.Outcome.Status == GenerationStatus.Error)
                {
                    closing.Add(new { type = "error", errorText = ended.Outcome.ErrorMessage });
                }
                closing.Add(new { type = "finish-step" });
                closing.Add(new { type = "finish" });
                return closing;
            default:
                return [];
        }
    }

    private List<object> Text(string text)
    {
        var chunks = new List<object>(2);
        if (!_textStarted)
        {
            chunks.Add(new { type = "text-start", id = _textId });
            _textStarted = true;
        }
        chunks.Add(new { type = "text-delta", id = _textId, delta = text });
        return chunks;
    }
}
