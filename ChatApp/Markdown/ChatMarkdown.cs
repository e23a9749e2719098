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
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .DisableHtml()                                             // raw HTML in model output is shown as text
        .UseEmphasisExtras(EmphasisExtraOptions.Strikethrough)     // ~~x~~ only: a single ~ stays literal ("20~25")
        .UsePipeTables()
        .UseGridTables()
        .UseListExtras()
        .UseTaskLists()
        .UseAutoLinks()
        .UseFootnotes()
        .UseAlertBlocks()
        .Use<ChatMarkdownExtension>()
        .Build();

    /// <summary>Renders a whole text at once (the reference the incremental renderer must equal).</summary>
    public static string ToHtml(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);
}
