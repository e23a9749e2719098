namespace ChatApp.Markdown;

/// <summary>
/// One top-level piece of a rendered answer. A finished block never changes again (its id and HTML are
/// final), so its component never re-renders; the open block at the end is re-rendered each frame.
/// </summary>
/// <param name="Id">Stable within one message: the open block keeps its id when it becomes finished.</param>
/// <param name="Version">Changes whenever <paramref name="Html"/> does.</param>
public sealed record MarkdownBlock(int Id, string Html, bool IsFinished, int Version)
{
    private static readonly object Refused = new();
    private object? _tokens;

    /// <summary>
    /// <see cref="Html"/> read as tokens, or null when it is not HTML <see cref="HtmlTokens"/> takes. Read once per
    /// block, not per reader: every reader of an answer shows the same block instances.
    /// </summary>
    public IReadOnlyList<HtmlToken>? Tokens
    {
        get
        {
            var tokens = Volatile.Read(ref _tokens);
            if (tokens is null)
            {
                // Two readers may both read it the first time; either result is the same, and a reference is written whole.
                tokens = HtmlTokens.TryRead(Html, out var read) ? read.AsReadOnly() : Refused;
                Volatile.Write(ref _tokens, tokens);
            }
            return tokens as IReadOnlyList<HtmlToken>;
        }
    }

    // Equal by what it shows, not by whether its tokens were read yet.
    public bool Equals(MarkdownBlock? other) =>
        other is not null && Id == other.Id && Html == other.Html && IsFinished == other.IsFinished && Version == other.Version;

    public override int GetHashCode() => HashCode.Combine(Id, Html, IsFinished, Version);
}
