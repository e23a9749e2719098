using System.Text;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ChatApp.Markdown;

/// <summary>
/// Links and images with a disallowed URL scheme render as their text (an image as its alt text), never
/// as an active element. Allowed links open in a new tab so the live chat is never navigated away.
/// Images sit in a fixed-size frame that shows a skeleton until the image loads (the message list's
/// script flips <c>data-state</c>) and the alt text if it fails.
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
        if (link.IsImage)
        {
            renderer.Write("<span class=\"md-image\" data-state=\"loading\" data-alt=\"").WriteEscape(AltText(link)).Write("\">");
            base.Write(renderer, link);
            renderer.Write("</span>");
            return;
        }
        var attributes = link.GetAttributes();
        attributes.AddPropertyIfNotExist("target", "_blank");
        attributes.AddPropertyIfNotExist("rel", "noopener noreferrer nofollow");
        base.Write(renderer, link);
    }

    private static string AltText(LinkInline image)
    {
        var text = new StringBuilder();
        foreach (var inline in image.Descendants<LiteralInline>())
        {
            text.Append(inline.Content.ToString());
        }
        return text.ToString();
    }
}
