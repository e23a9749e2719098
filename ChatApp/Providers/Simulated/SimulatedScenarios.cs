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
        ("/error", "the connection drops mid-stream (after 40% of the answer, or after N tokens with `/error N`): the partial answer stays, with an error note"),
        ("/drop", "the connection drops before the first token"),
        ("/429", "the provider refuses as busy (HTTP 429, Retry-After 1 s); with a second provider configured, it answers instead"),
        ("/529", "the provider refuses as overloaded (HTTP 529)"),
        ("/500", "the provider fails (HTTP 500)"),
        ("/stall", "the stream sends nothing (buffered or stuck): after Chat:Streaming:FirstTokenTimeoutSeconds the answer comes from a non-streaming request"),
        ("/length", "the answer stops at the model's length limit (finish_reason: length): continue gets the rest"),
        ("/filter", "a content filter stops the answer part-way (finish_reason: content_filter)"),
        ("/echo", "streams back exactly the text after the keyword (handy for tests)"),
    ];

    private static SimulatedScenario ErrorScenario(string rest)
    {
        var parts = rest.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length > 0 && int.TryParse(parts[0], out var tokens) && tokens >= 0)
        {
            return new("/error", "error mid-stream", SimulatedAnswers.General(parts.Length > 1 ? parts[1] : "").AsMemory(), FailAfterTokens: tokens);
        }
        var answer = SimulatedAnswers.General(rest);
        return new("/error", "error mid-stream", answer.AsMemory(), FailAfterTokens: (int)(SimulatedTokenizer.Tokenize(answer).Count * 0.4));
    }

    public static SimulatedScenario For(string prompt)
    {
        var trimmed = prompt.AsMemory().TrimStart();
        var keywordLength = 0;
        while (keywordLength < trimmed.Length && !char.IsWhiteSpace(trimmed.Span[keywordLength]))
        {
            keywordLength++;
        }
        var keyword = trimmed.Span[..keywordLength].ToString();
        var restOfPrompt = trimmed[keywordLength..].Trim(); // a slice of the prompt, not a copy
        string Rest() => restOfPrompt.ToString();
        return keyword.ToLowerInvariant() switch
        {
            "/long" => new("/long", "long answer", SimulatedAnswers.Long().AsMemory()),
            "/code" => new("/code", "code", SimulatedAnswers.Code().AsMemory()),
            "/table" => new("/table", "table", SimulatedAnswers.Table().AsMemory()),
            "/image" => new("/image", "image", SimulatedAnswers.Image().AsMemory()),
            "/emphasis" => new("/emphasis", "emphasis", SimulatedAnswers.Emphasis().AsMemory()),
            "/markdown" => new("/markdown", "markdown showcase", SimulatedAnswers.MarkdownShowcase().AsMemory()),
            "/slow" => new("/slow", "slow first token", SimulatedAnswers.General(Rest()).AsMemory(), SlowFirstToken: true),
            "/error" => ErrorScenario(Rest()),
            "/drop" => new("/drop", "drop before first token", SimulatedAnswers.General(Rest()).AsMemory(), FailAfterTokens: 0),
            "/429" => new("/429", "busy", SimulatedAnswers.General(Rest()).AsMemory(), RefuseWithStatus: 429),
            "/529" => new("/529", "overloaded", SimulatedAnswers.General(Rest()).AsMemory(), RefuseWithStatus: 529),
            "/500" => new("/500", "server error", SimulatedAnswers.General(Rest()).AsMemory(), RefuseWithStatus: 500),
            "/stall" => new("/stall", "stalled stream", SimulatedAnswers.General(Rest()).AsMemory(), Stall: true),
            "/length" => new("/length", "length limit", SimulatedAnswers.Long().AsMemory(), EndAfterFraction: 0.3, FinishReason: "length"),
            "/filter" => new("/filter", "content filter", SimulatedAnswers.General(Rest()).AsMemory(), EndAfterFraction: 0.3, FinishReason: "content_filter"),
            "/echo" => new("/echo", "echo", restOfPrompt.Length > 0 ? restOfPrompt : "(nothing to echo)".AsMemory()),
            _ => new("", "general", SimulatedAnswers.General(prompt).AsMemory()),
        };
    }
}
