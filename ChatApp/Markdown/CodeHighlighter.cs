using System.Collections.Concurrent;
using ColorCode;

namespace ChatApp.Markdown;

/// <summary>
/// Syntax highlighting with ColorCode.HTML, for finished code blocks only. Results are memoised by
/// (language, code) so a closed block is highlighted once even though the skeleton re-renders the whole
/// answer each frame. ColorCode builds its regexes on first use (~130 ms), so <see cref="Warm"/> runs at startup.
/// </summary>
public static class CodeHighlighter
{
    private const int MaxCachedBlocks = 512;

    // Names models commonly put on fences, mapped to ColorCode's language ids.
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs"] = "c#", ["csharp"] = "c#", ["c#"] = "c#",
        ["js"] = "javascript", ["jsx"] = "javascript", ["javascript"] = "javascript",
        ["ts"] = "typescript", ["tsx"] = "typescript", ["typescript"] = "typescript",
        ["py"] = "python", ["python"] = "python",
        ["ps1"] = "powershell", ["pwsh"] = "powershell", ["powershell"] = "powershell",
        ["c++"] = "cpp", ["cpp"] = "cpp", ["c"] = "cpp", ["h"] = "cpp",
        ["vb"] = "vb.net", ["vbnet"] = "vb.net",
        ["htm"] = "html", ["xaml"] = "xml", ["svg"] = "xml", ["csproj"] = "xml",
        ["md"] = "markdown",
    };

    private static readonly ConcurrentDictionary<(string Language, string Code), string> Cache = new();
    private static readonly HtmlClassFormatter Formatter = new();
    private static readonly Lock FormatterGate = new();
    private static long _formatterCalls;

    /// <summary>How many times ColorCode actually ran (cache misses), for tests and diagnostics.</summary>
    public static long FormatterCalls => Interlocked.Read(ref _formatterCalls);

    /// <summary>ColorCode's language for a fence's info string, or null when it has none (the block stays plain).</summary>
    public static ILanguage? FindLanguage(string? info)
    {
        if (string.IsNullOrWhiteSpace(info))
        {
            return null;
        }
        var id = Aliases.TryGetValue(info, out var alias) ? alias : info;
        return Languages.FindById(id);
    }

    /// <summary>Highlighted HTML for the inside of a <c>&lt;code&gt;</c> element (spans only, already escaped).</summary>
    public static string Highlight(string code, ILanguage language)
    {
        var key = (language.Id, code);
        if (Cache.TryGetValue(key, out var cached))
        {
            return cached;
        }
        string html;
        lock (FormatterGate)
        {
            // The formatter keeps its writer in a field, so one call at a time.
            html = Unwrap(Formatter.GetHtmlString(code, language));
            Interlocked.Increment(ref _formatterCalls);
        }
        if (Cache.Count >= MaxCachedBlocks)
        {
            Cache.Clear();
        }
        Cache[key] = html;
        return html;
    }

    /// <summary>Builds ColorCode's regexes off the request path.</summary>
    public static void Warm()
    {
        foreach (var id in new[] { "c#", "javascript", "typescript", "python", "json", "sql", "xml", "css", "powershell" })
        {
            if (Languages.FindById(id) is { } language)
            {
                Formatter.GetHtmlString("x", language);
            }
        }
    }

    // ColorCode wraps its output as <div class="lang"><pre>\n ... \n</pre></div>; we own the outer box
    // so open and closed blocks share exactly the same elements (no layout shift when highlighting lands).
    private static string Unwrap(string html)
    {
        var start = html.IndexOf("<pre>", StringComparison.Ordinal);
        var end = html.LastIndexOf("</pre>", StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            return html;
        }
        start += "<pre>".Length;
        if (html.AsSpan(start).StartsWith("\r\n"))
        {
            start += 2;
        }
        else if (start < html.Length && html[start] == '\n')
        {
            start++;
        }
        var inner = html[start..end];
        return inner.TrimEnd('\r', '\n');
    }
}
