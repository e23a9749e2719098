using Markdig;

namespace ChatApp.Markdown;

/// <summary>The one Markdig pipeline of the app. Markdig pipelines are immutable and thread-safe, so it is built once.</summary>
public static class ChatMarkdown
{
    public static MarkdownPipeline Pipeline { get; } = new MarkdownPipelineBuilder()
        .DisableHtml()              // raw HTML in model output is shown as text
        .UseAdvancedExtensions()    // pipe tables, task lists, autolinks, footnotes, ...
        .Use<ChatMarkdownExtension>()
        .Build();

    public static string ToHtml(string markdown) => Markdig.Markdown.ToHtml(markdown, Pipeline);
}
