using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;

namespace ChatApp.Markdown;

/// <summary>Swaps in the chat's renderers: code-block boxes with deferred highlighting, and URL-safe links.</summary>
/// <param name="highlightOpenBlocks">See <see cref="CodeBlockHtmlRenderer"/> (the lab's "highlight every frame").</param>
public sealed class ChatMarkdownExtension(bool highlightOpenBlocks = false) : IMarkdownExtension
{
    public void Setup(MarkdownPipelineBuilder pipeline)
    {
    }

    public void Setup(MarkdownPipeline pipeline, IMarkdownRenderer renderer)
    {
        if (renderer is not HtmlRenderer html)
        {
            return;
        }
        html.ObjectRenderers.ReplaceOrAdd<CodeBlockRenderer>(new CodeBlockHtmlRenderer(highlightOpenBlocks));
        html.ObjectRenderers.ReplaceOrAdd<LinkInlineRenderer>(new SafeLinkInlineRenderer());
        html.ObjectRenderers.ReplaceOrAdd<AutolinkInlineRenderer>(new SafeAutolinkInlineRenderer());
    }
}
