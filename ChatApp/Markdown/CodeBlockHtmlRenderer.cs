using System.Net;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace ChatApp.Markdown;

/// <summary>
/// Renders code blocks inside the contract's <c>code-block</c> box. A fence whose closing marker has not
/// arrived is <c>data-state="open"</c>: plain, escaped monospace. Once closed it is highlighted (known
/// languages only) and gets a copy button. Both states use the same elements, so nothing shifts.
/// </summary>
/// <param name="highlightOpenBlocks">Highlight a block before its fence closes too (every frame): only for the lab's
/// demonstration of why the app waits — colours flicker as half-written tokens are re-lexed.</param>
public sealed class CodeBlockHtmlRenderer(bool highlightOpenBlocks = false) : HtmlObjectRenderer<CodeBlock>
{
    protected override void Write(HtmlRenderer renderer, CodeBlock block)
    {
        var fenced = block as FencedCodeBlock;
        var info = fenced?.Info?.Trim() ?? "";
        var language = info.Split(' ', 2)[0];
        // An indented block has no fence to wait for: it is finished when the parser says it is.
        var closed = fenced is null || fenced.ClosingFencedCharCount > 0;
        var languageAttribute = WebUtility.HtmlEncode(language);

        renderer.EnsureLine();
        renderer.Write("<div class=\"code-block\" data-testid=\"code-block\" data-language=\"").Write(languageAttribute)
            .Write("\" data-state=\"").Write(closed ? "closed" : "open").Write("\">");
        // Until the first code line arrives, the fence's info string may still be growing ("cs" → "csharp"):
        // the label waits (a no-break space keeps the header's height) rather than flicking from "text" or "cs".
        var infoMayGrow = !closed && block.Lines.Count == 0;
        renderer.Write("<div class=\"code-block-header\"><span class=\"code-block-language\">")
            .Write(infoMayGrow ? "&#160;" : language.Length > 0 ? languageAttribute : "text").Write("</span>");
        if (closed)
        {
            renderer.Write("<button type=\"button\" class=\"code-block-copy\" data-testid=\"copy-code\" aria-label=\"Copy code\">Copy</button>");
        }
        renderer.Write("</div>");

        // Focusable, so a long line that scrolls sideways can be scrolled from the keyboard.
        renderer.Write("<pre tabindex=\"0\"><code");
        if (language.Length > 0)
        {
            renderer.Write(" class=\"language-").Write(languageAttribute).Write("\"");
        }
        renderer.Write(">");
        if ((closed || highlightOpenBlocks) && CodeHighlighter.FindLanguage(language) is { } colorCodeLanguage)
        {
            renderer.Write(CodeHighlighter.Highlight(block.Lines.ToString(), colorCodeLanguage)).Write('\n');
        }
        else
        {
            renderer.WriteLeafRawLines(block, writeEndOfLines: true, escape: true);
        }
        renderer.Write("</code></pre></div>");
        renderer.EnsureLine();
    }
}
