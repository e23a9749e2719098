using Markdig.Renderers;
using Markdig.Renderers.Html.Inlines;
using Markdig.Syntax.Inlines;

namespace ChatApp.Markdown;

/// <summary>CommonMark autolinks accept any scheme (<c>&lt;javascript:…&gt;</c>); show those as text.</summary>
public sealed class SafeAutolinkInlineRenderer : AutolinkInlineRenderer
{
    protected override void Write(HtmlRenderer renderer, AutolinkInline link)
    {
        var url = link.IsEmail ? "mailto:" + link.Url : link.Url;
        if (!SafeUrl.IsAllowed(url))
        {
            renderer.WriteEscape(link.Url);
            return;
        }
        base.Write(renderer, link);
    }
}
