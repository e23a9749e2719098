namespace ChatApp.Streaming.Structured;

/// <summary>One leaf of a JSON object being streamed: its path (<c>features[2].title</c>), its value so far, and whether it is complete.</summary>
public sealed record StructuredField(string Path, string Value, bool IsComplete, StructuredValueKind Kind);

public enum StructuredValueKind
{
    String,
    Number,
    Boolean,
    Null,
}
