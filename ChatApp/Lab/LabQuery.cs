using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.WebUtilities;

namespace ChatApp.Lab;

/// <summary>
/// A lab demo as a URL query and back, so a link reproduces it: <c>prompt</c> and, per pane <c>a</c> and <c>b</c>,
/// <c>ttft</c> (ms), <c>tps</c>, <c>jitter</c> (%), <c>frames</c> (token|16|100|once), <c>md</c> (incremental|naive),
/// <c>hl</c> (fence|frame), <c>cursor</c>, <c>thinking</c>, <c>scroll</c> (on|off) — e.g. <c>a.ttft=450</c>.
/// A value it cannot read keeps the default and is named in <c>problems</c>, never silently dropped.
/// </summary>
public static class LabQuery
{
    private static readonly (FramePacing Value, string Text)[] Frames =
        [(FramePacing.PerToken, "token"), (FramePacing.Every16Ms, "16"), (FramePacing.Every100Ms, "100"), (FramePacing.AllAtOnce, "once")];
    private static readonly (LabMarkdown Value, string Text)[] Markdowns = [(LabMarkdown.Incremental, "incremental"), (LabMarkdown.Naive, "naive")];
    private static readonly (LabHighlight Value, string Text)[] Highlights = [(LabHighlight.AtClosingFence, "fence"), (LabHighlight.EveryFrame, "frame")];
    private static readonly (bool Value, string Text)[] Switches = [(true, "on"), (false, "off")];

    public static string FramesText(FramePacing frames) => Frames.Single(f => f.Value == frames).Text;

    /// <summary>The query string (with its leading <c>?</c>) that <see cref="Parse"/> turns back into <paramref name="state"/>.</summary>
    public static string ToQueryString(LabState state)
    {
        var pairs = new List<KeyValuePair<string, string?>> { new("prompt", state.Prompt) };
        foreach (var pane in new[] { "a", "b" })
        {
            var s = state.Pane(pane);
            pairs.Add(new($"{pane}.ttft", s.FirstTokenMs.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new($"{pane}.tps", s.TokensPerSecond.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new($"{pane}.jitter", s.JitterPercent.ToString(CultureInfo.InvariantCulture)));
            pairs.Add(new($"{pane}.frames", FramesText(s.Frames)));
            pairs.Add(new($"{pane}.md", Markdowns.Single(m => m.Value == s.Markdown).Text));
            pairs.Add(new($"{pane}.hl", Highlights.Single(h => h.Value == s.Highlight).Text));
            pairs.Add(new($"{pane}.cursor", OnOff(s.Cursor)));
            pairs.Add(new($"{pane}.thinking", OnOff(s.Thinking)));
            pairs.Add(new($"{pane}.scroll", OnOff(s.AutoScroll)));
        }
        return QueryString.Create(pairs).ToUriComponent();
    }

    /// <summary>Reads a query string (with or without <c>?</c>) over <paramref name="defaults"/>; what is missing keeps its default.</summary>
    public static LabState Parse(string query, LabState defaults, ICollection<string> problems)
    {
        var values = QueryHelpers.ParseQuery(query);
        string? Value(string key) => values.TryGetValue(key, out var v) ? v.ToString() : null;
        LabPaneSettings Pane(string pane, LabPaneSettings d)
        {
            string? V(string knob) => Value($"{pane}.{knob}");
            return new LabPaneSettings(
                Number(V("ttft"), $"{pane}.ttft", d.FirstTokenMs, 0, LabPaneSettings.MaxFirstTokenMs, problems),
                Number(V("tps"), $"{pane}.tps", d.TokensPerSecond, LabPaneSettings.MinTokensPerSecond, LabPaneSettings.MaxTokensPerSecond, problems),
                Number(V("jitter"), $"{pane}.jitter", d.JitterPercent, 0, 100, problems),
                Choice(V("frames"), $"{pane}.frames", d.Frames, Frames, problems),
                Choice(V("md"), $"{pane}.md", d.Markdown, Markdowns, problems),
                Choice(V("hl"), $"{pane}.hl", d.Highlight, Highlights, problems),
                Choice(V("cursor"), $"{pane}.cursor", d.Cursor, Switches, problems),
                Choice(V("thinking"), $"{pane}.thinking", d.Thinking, Switches, problems),
                Choice(V("scroll"), $"{pane}.scroll", d.AutoScroll, Switches, problems));
        }
        var prompt = Value("prompt") is { Length: > 0 } p ? p : defaults.Prompt;
        return new LabState(prompt, Pane("a", defaults.A), Pane("b", defaults.B));
    }

    private static string OnOff(bool value) => value ? "on" : "off";

    private static T Number<T>(string? text, string key, T fallback, T min, T max, ICollection<string> problems) where T : struct, INumber<T>
    {
        if (text is null)
        {
            return fallback;
        }
        if (T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }
        problems.Add($"{key}: '{text}' is not a number from {min} to {max}; using {fallback}.");
        return fallback;
    }

    private static T Choice<T>(string? text, string key, T fallback, (T Value, string Text)[] options, ICollection<string> problems)
    {
        if (text is null)
        {
            return fallback;
        }
        foreach (var (value, name) in options)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        problems.Add($"{key}: '{text}' is not one of {string.Join(", ", options.Select(o => o.Text))}; using {options.Single(o => Equals(o.Value, fallback)).Text}.");
        return fallback;
    }
}
