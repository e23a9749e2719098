using System.Text;
using ChatApp.Streaming.Tools;

namespace ChatApp.Streaming.Log;

/// <summary>
/// What one reader knows of an answer: the log's events applied in order, up to <see cref="Sequence"/>.
/// Applying an event it already has is a no-op and a gap is an error, so a reader that re-reads a range
/// (a repeated nudge, a timer and a nudge at once) never shows text twice and never skips any.
/// Not thread-safe: a reader applies and reads its view on one flow at a time.
/// </summary>
public sealed class AnswerView
{
    private readonly StringBuilder _text = new();
    private readonly bool _keepsText = true;
    private ToolCallView[] _toolCalls = [];
    private int _length;

    /// <summary>A view of nothing yet: it reads the log from its start.</summary>
    public AnswerView()
    {
    }

    /// <summary>
    /// A view that counts the text but keeps none of it: for a reader that passes each event's text on as it comes
    /// (an SSE stream), so a thousand streams do not hold a thousand more copies of their answers.
    /// </summary>
    public static AnswerView WithoutText() => new(keepsText: false);

    private AnswerView(bool keepsText) => _keepsText = keepsText;

    /// <summary>A view that starts from a checkpoint (the stored text and cards up to <paramref name="sequence"/>) and reads the log after it.</summary>
    public static AnswerView FromCheckpoint(string text, IReadOnlyList<ToolCallView> toolCalls, long sequence, string providerName)
    {
        var view = new AnswerView { Sequence = sequence, ProviderName = providerName };
        view.AppendText(text);
        view._toolCalls = [.. toolCalls];
        view.Status = text.Length > 0 || toolCalls.Count > 0 ? GenerationStatus.Streaming : GenerationStatus.Pending;
        return view;
    }

    /// <summary>The sequence number of the last event applied (0: none).</summary>
    public long Sequence { get; private set; }

    public GenerationStatus Status { get; private set; } = GenerationStatus.Pending;

    public StreamOutcome? Outcome { get; private set; }

    public string ProviderName { get; private set; } = "";

    public string? StatusLine { get; private set; }

    public bool StillWaiting { get; private set; }

    public string? ContinuedFrom { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? FirstTokenAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>Provider deltas, as counted by the producer (known once the answer has ended).</summary>
    public int Deltas { get; private set; }

    /// <summary>The prompt's tokens, when the provider reported them (known once the answer has ended).</summary>
    public int? InputTokens { get; private set; }

    /// <summary>Output tokens (known once the answer has ended).</summary>
    public int OutputTokens { get; private set; }

    public int Length => _length;

    /// <summary>The whole text. O(length): for storage and history, not per frame.</summary>
    public string Text => KeptText.ToString();

    /// <summary>The text between two offsets: a frame reads only what it has not shown yet.</summary>
    public string ReadText(int start, int end)
    {
        end = Math.Min(end, _length);
        return start >= end ? "" : KeptText.ToString(start, end - start);
    }

    private StringBuilder KeptText => _keepsText ? _text : throw new InvalidOperationException("This view counts the text but keeps none (AnswerView.WithoutText).");

    private void AppendText(string text)
    {
        _length += text.Length;
        if (_keepsText)
        {
            _text.Append(text);
        }
    }

    /// <summary>The cards in the order they appeared. Copy-on-write: a new list after every change.</summary>
    public IReadOnlyList<ToolCallView> ToolCalls => _toolCalls;

    public bool HasEnded => Outcome is not null;

    /// <summary>Applies the events after <see cref="Sequence"/>; returns how many were new.</summary>
    public int Apply(IReadOnlyList<AnswerEvent> events)
    {
        var applied = 0;
        for (var i = 0; i < events.Count; i++) // by index: no boxed enumerator per frame
        {
            if (Apply(events[i]))
            {
                applied++;
            }
        }
        return applied;
    }

    /// <summary>Applies one event; false when it was already applied.</summary>
    /// <exception cref="InvalidOperationException">The event is not the next one: the reader missed some.</exception>
    public bool Apply(AnswerEvent e)
    {
        if (e.Sequence <= Sequence)
        {
            return false;
        }
        if (e.Sequence != Sequence + 1)
        {
            throw new InvalidOperationException($"Answer log gap: expected event {Sequence + 1}, got {e.Sequence}.");
        }
        Sequence = e.Sequence;
        switch (e)
        {
            case AnswerStarted started:
                ProviderName = started.ProviderName;
                StartedAt = started.StartedAt;
                ContinuedFrom = started.ContinuedFrom;
                AppendText(started.InitialText);
                if (started.ToolCalls.Count > 0)
                {
                    _toolCalls = [.. _toolCalls, .. started.ToolCalls];
                }
                break;
            case TextAppended text:
                AppendText(text.Text);
                MarkStreaming();
                break;
            case ToolCallChanged changed:
                ApplyCard(changed.Call);
                MarkStreaming();
                break;
            case StatusChanged status:
                ProviderName = status.ProviderName;
                StatusLine = status.StatusLine;
                StillWaiting = status.StillWaiting;
                break;
            case AnswerEnded ended:
                Outcome = ended.Outcome;
                Status = ended.Outcome.Status;
                FirstTokenAt = ended.FirstTokenAt;
                EndedAt = ended.EndedAt;
                Deltas = ended.Deltas;
                OutputTokens = ended.OutputTokens;
                InputTokens = ended.InputTokens;
                StillWaiting = false;
                break;
        }
        return true;
    }

    // A method of its own: the lambda's capture, inline in Apply, was a closure allocated for every event applied.
    private void ApplyCard(ToolCallView call)
    {
        var position = Array.FindIndex(_toolCalls, c => c.Round == call.Round && c.Index == call.Index);
        var copy = position < 0 ? [.. _toolCalls, call] : (ToolCallView[])_toolCalls.Clone();
        if (position >= 0)
        {
            copy[position] = call;
        }
        _toolCalls = copy;
    }

    private void MarkStreaming()
    {
        if (Status == GenerationStatus.Pending)
        {
            Status = GenerationStatus.Streaming;
            StillWaiting = false;
        }
    }
}
