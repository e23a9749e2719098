namespace ChatApp.Markdown;

/// <summary>
/// One top-level piece of a rendered answer. A finished block never changes again (its id and HTML are
/// final), so its component never re-renders; the open block at the end is re-rendered each frame.
/// </summary>
/// <param name="Id">Stable within one message: the open block keeps its id when it becomes finished.</param>
/// <param name="Version">Changes whenever <paramref name="Html"/> does.</param>
public sealed record MarkdownBlock(int Id, string Html, bool IsFinished, int Version);
