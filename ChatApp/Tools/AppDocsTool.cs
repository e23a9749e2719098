using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace ChatApp.Tools;

/// <summary>Looks up this app's own documentation (its README, built into the app: no network needed).</summary>
public sealed class AppDocsTool
{
    private const int MaxSectionLength = 4000;
    private static readonly Lazy<IReadOnlyList<(string Heading, string Body)>> Sections = new(LoadSections);

    [KernelFunction("read_app_docs")]
    [Description("Reads the section of ChatApp's documentation about a topic, e.g. configuration, tools, scenarios, endpoints.")]
    public string ReadAppDocs([Description("The topic to look up; empty lists the sections.")] string topic = "")
    {
        var sections = Sections.Value;
        // Plural or singular, a topic word finds its section ("tools" → "Tool calls").
        var words = topic.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Length > 3 && w.EndsWith('s') ? w[..^1] : w)
            .ToArray();
        var best = sections
            .Select(section => (section, score: words.Sum(w =>
                (section.Heading.Contains(w, StringComparison.OrdinalIgnoreCase) ? 10 : 0) +
                (section.Body.Contains(w, StringComparison.OrdinalIgnoreCase) ? 1 : 0))))
            .Where(x => x.score > 0)
            .OrderByDescending(x => x.score)
            .Select(x => x.section)
            .FirstOrDefault();
        if (best == default)
        {
            return "Sections of the ChatApp documentation: " + string.Join("; ", sections.Select(s => s.Heading)) + ".";
        }
        var body = best.Body.Length > MaxSectionLength ? best.Body[..MaxSectionLength] + "…" : best.Body;
        return $"## {best.Heading}\n{body}";
    }

    private static IReadOnlyList<(string Heading, string Body)> LoadSections()
    {
        using var stream = typeof(AppDocsTool).Assembly.GetManifestResourceStream("ChatApp.README.md")
            ?? throw new InvalidOperationException("The README is not embedded in the app.");
        using var reader = new StreamReader(stream);
        var sections = new List<(string, string)>();
        string? heading = null;
        var body = new System.Text.StringBuilder();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    sections.Add((heading, body.ToString().Trim()));
                }
                heading = line[3..].Trim();
                body.Clear();
            }
            else if (heading is not null)
            {
                body.AppendLine(line);
            }
        }
        if (heading is not null)
        {
            sections.Add((heading, body.ToString().Trim()));
        }
        return sections;
    }
}
