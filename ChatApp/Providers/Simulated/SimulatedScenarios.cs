namespace ChatApp.Providers.Simulated;

/// <summary>
/// The demo scenarios: a prompt starting with a keyword chooses one, so each streaming behaviour can be
/// shown on purpose. Any other prompt gets an ordinary answer. Listed in the README.
/// </summary>
public static class SimulatedScenarios
{
    public static IReadOnlyList<(string Keyword, string Description)> Catalog { get; } =
    [
        ("/long", "a long answer (~15k characters) with sections, lists, tables and code"),
        ("/code", "code blocks in C#, JavaScript and bash (highlighted when each fence closes)"),
        ("/table", "a wide markdown table"),
        ("/image", "an answer with an image"),
        ("/emphasis", "dense bold, italic, code and strikethrough: no raw marker may ever flash"),
        ("/markdown", "every common markdown feature, plus raw HTML and an unsafe link that must stay inert"),
        ("/slow", "a slow first token (Chat:Simulated:SlowFirstTokenDelayMs), to show the thinking indicator"),
        ("/error", "the connection drops mid-stream: the partial answer stays, with an error note"),
        ("/drop", "the connection drops before the first token"),
        ("/echo", "streams back exactly the text after the keyword (handy for tests)"),
    ];

    public static SimulatedScenario For(string prompt)
    {
        var trimmed = prompt.TrimStart();
        var keyword = trimmed.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var rest = trimmed.Length > keyword.Length ? trimmed[keyword.Length..].Trim() : "";
        return keyword.ToLowerInvariant() switch
        {
            "/long" => new("/long", "long answer", SimulatedAnswers.Long()),
            "/code" => new("/code", "code", SimulatedAnswers.Code()),
            "/table" => new("/table", "table", SimulatedAnswers.Table()),
            "/image" => new("/image", "image", SimulatedAnswers.Image()),
            "/emphasis" => new("/emphasis", "emphasis", SimulatedAnswers.Emphasis()),
            "/markdown" => new("/markdown", "markdown showcase", SimulatedAnswers.MarkdownShowcase()),
            "/slow" => new("/slow", "slow first token", SimulatedAnswers.General(rest), SlowFirstToken: true),
            "/error" => new("/error", "error mid-stream", SimulatedAnswers.General(rest), FailAfterFraction: 0.4),
            "/drop" => new("/drop", "drop before first token", SimulatedAnswers.General(rest), FailAfterFraction: 0),
            "/echo" => new("/echo", "echo", rest.Length > 0 ? rest : "(nothing to echo)"),
            _ => new("", "general", SimulatedAnswers.General(prompt)),
        };
    }
}
