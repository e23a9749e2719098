using System.Diagnostics;
using System.Text;
using ChatApp.Markdown;

namespace ChatApp.Lab;

/// <summary>
/// One lab pane's rendering, as its knobs say: this app's incremental engine or a naive full re-render each frame,
/// code highlighted at the closing fence or every frame, text shown as it streams or only at the end. It counts
/// what the pane costs: frames rendered, markup bytes that a frame sends to the browser (what changed in a block
/// since the last frame, as the app's blocks grow in place; the whole HTML each frame for the naive renderer) and server time spent turning text into markup.
/// Pure C#: the Razor pane only shows what it produced.
/// </summary>
public sealed class LabPaneRenderer
{
    private readonly LabPaneSettings _settings;
    private readonly IncrementalMarkdownRenderer? _incremental;
    private readonly StringBuilder _text = new();
    private readonly Dictionary<int, string> _sentHtml = [];

    public LabPaneRenderer(LabPaneSettings settings)
    {
        _settings = settings;
        var pipeline = settings.Highlight == LabHighlight.EveryFrame ? ChatMarkdown.EagerHighlightPipeline : ChatMarkdown.Pipeline;
        Pipeline = pipeline;
        if (settings.Markdown == LabMarkdown.Incremental)
        {
            _incremental = new IncrementalMarkdownRenderer(pipeline);
        }
    }

    private Markdig.MarkdownPipeline Pipeline { get; }

    /// <summary>The incremental engine's blocks (finished ones, then the open one); empty for the naive renderer.</summary>
    public IReadOnlyList<MarkdownBlock> Blocks { get; private set; } = [];

    /// <summary>The naive renderer's whole HTML; empty for the incremental engine.</summary>
    public string Html { get; private set; } = "";

    /// <summary>Characters shown so far.</summary>
    public int ShownLength { get; private set; }

    public int Frames { get; private set; }

    public long MarkupBytes { get; private set; }

    public TimeSpan RenderTime { get; private set; }

    /// <summary>Takes one frame's new text; renders it unless the pane shows nothing until the end. True when the pane changed.</summary>
    public bool Frame(string appended, bool complete)
    {
        var started = Stopwatch.GetTimestamp();
        _text.Append(appended);
        _incremental?.Append(appended);
        if ((!_settings.ShowsTextWhileStreaming && !complete) || (appended.Length == 0 && !complete) || _text.Length == 0)
        {
            return false;
        }
        if (_incremental is { } engine)
        {
            Blocks = complete ? engine.Complete() : engine.Render();
            foreach (var block in Blocks)
            {
                var sent = _sentHtml.GetValueOrDefault(block.Id, "");
                if (!string.Equals(sent, block.Html, StringComparison.Ordinal))
                {
                    // A block grows in place (MarkdownBlockView): what changed after the markup both frames share is
                    // sent, about the appended text; a block re-rendered otherwise (highlighted at its fence) differs
                    // early and counts nearly whole.
                    var shared = sent.AsSpan().CommonPrefixLength(block.Html);
                    MarkupBytes += Encoding.UTF8.GetByteCount(block.Html.AsSpan(shared));
                    _sentHtml[block.Id] = block.Html;
                }
            }
        }
        else
        {
            Html = Markdig.Markdown.ToHtml(_text.ToString(), Pipeline);
            MarkupBytes += Encoding.UTF8.GetByteCount(Html);
        }
        ShownLength = _text.Length;
        Frames++;
        RenderTime += Stopwatch.GetElapsedTime(started);
        return true;
    }
}
