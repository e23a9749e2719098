using System.Text.Json.Serialization;
using ChatApp.Streaming.Tools;

namespace ChatApp.Streaming.Log;

/// <summary>
/// One entry of an answer's ordered, append-only log. The log gives each a <see cref="Sequence"/> (1, 2, 3, …)
/// when it is appended; a reader that has applied sequence N asks for "after N" and gets exactly the rest.
/// Everything a reader shows comes from these events: text, tool cards, status line, outcome.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(AnswerStarted), "started")]
[JsonDerivedType(typeof(TextAppended), "text")]
[JsonDerivedType(typeof(ToolCallChanged), "tool")]
[JsonDerivedType(typeof(StatusChanged), "status")]
[JsonDerivedType(typeof(AnswerEnded), "ended")]
public abstract record AnswerEvent
{
    /// <summary>Given by the log on append; 0 until then.</summary>
    public long Sequence { get; init; }
}

/// <summary>Always the first event: who answers, and what the answer starts from (a continue's partial text and cards).</summary>
public sealed record AnswerStarted(
    string ProviderName,
    DateTimeOffset StartedAt,
    string InitialText,
    IReadOnlyList<ToolCallView> ToolCalls,
    string? ContinuedFrom) : AnswerEvent;

/// <summary>Text the model wrote since the previous text event (one per frame, not per token).</summary>
public sealed record TextAppended(string Text) : AnswerEvent;

/// <summary>A tool card appeared or changed: the whole card as it stands now (cards are small; arguments are capped by the model).</summary>
public sealed record ToolCallChanged(ToolCallView Call) : AnswerEvent;

/// <summary>Who answers now and what the status line says (failover, routing, tools running, still waiting).</summary>
public sealed record StatusChanged(string ProviderName, string? StatusLine, bool StillWaiting) : AnswerEvent;

/// <summary>The last event: the outcome, decided once, with the figures storage, metrics and the answer's details keep.</summary>
/// <param name="OutputTokens">The provider's count when it reported one, else the deltas received.</param>
/// <param name="InputTokens">The provider's count of the prompt's tokens, when it reported one.</param>
public sealed record AnswerEnded(
    StreamOutcome Outcome,
    DateTimeOffset? FirstTokenAt,
    DateTimeOffset EndedAt,
    int Deltas,
    int OutputTokens = 0,
    int? InputTokens = null) : AnswerEvent;
