using Markdig;
using Markdig.Extensions.EmphasisExtras;

namespace ChatApp.Markdown;

/// <summary>
/// The one Markdig pipeline of the app. Markdig pipelines are immutable and thread-safe, so it is built once.
/// Extensions are chosen for untrusted, streamed model output, not <c>UseAdvancedExtensions</c> wholesale:
/// generic attributes (<c>{onclick=…}</c>) and media links (iframes) would let output become active content;
/// auto-identifiers would give every message's headings colliding page-wide ids; abbreviations and math
/// are document-wide or need a client renderer.
/// </summary>
public static class ChatMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = Build(highlightOpenBlocks: false);

    /// <summary>The same pipeline, highlighting code blocks before their fence closes (the lab's "every frame" knob).</summary>
    public static MarkdownPipeline EagerHighlightPipeline { get; } = Build(highlightOpenBlocks: true);

    private static MarkdownPipeline Build(bool highlightOpenBlocks) => new MarkdownPipelineBuilder()
        .DisableHtml()                                             // raw HTML in model output is shown as text
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)     // ~~x~~ only: a single ~ stays literal ("20~25")
        .UsePipeTables()
        .UseGridTables()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseFootnotes()
        .UseAlertBlocks()
        .Use(new ChatMarkdownExtension(highlightOpenBlocks))
        .Build();

    /// <summary>Renders a whole text at once (the reference the incremental renderer must equal).</summary>
    public static string ToHtml(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);
}
