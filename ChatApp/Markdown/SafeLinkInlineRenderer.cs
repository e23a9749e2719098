using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace ChatApp.Markdown;

/// <summary>
/// Links and images with a disallowed URL scheme render as their text (an image as its alt text), never
/// as an active element. Allowed links open in a new tab so the live chat is never navigated away.
/// </summary>
public sealed class SafeLinkInlineRenderer : LinkInlineRenderer
{
    protected override void Write(HtmlRenderer renderer, LinkInline link)
    {
        if (!SafeUrl.IsAllowed(link.GetDynamicUrl?.Invoke() ?? link.Url))
        {
            renderer.WriteChildren(link);
            return;
        }
        if (!link.IsImage)
        {
            var attributes = link.GetAttributes();
            attributes.AddPropertyIfNotExist("target", "_blank");
            attributes.AddPropertyIfNotExist("rel", "noopener noreferrer");
        }
        base.Write(renderer, link);
    }
}
