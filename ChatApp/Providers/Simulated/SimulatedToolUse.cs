using System.Text.Json;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Providers.Simulated;

/// <summary>
/// The simulated model's tool scenarios, when tools are offered: each round it either asks for tool calls
/// (with a short text before them) or answers from the results already in the history. Deterministic, so
/// tool cards can be demoed and tested offline: <c>/tools</c> makes two parallel calls where the one asked
/// for first finishes last.
/// </summary>
public static class SimulatedToolUse
{
    public static IReadOnlyList<(string Keyword, string Description)> Catalog { get; } =
    [
        ("/tools", "two parallel tool calls (a 1.5 s timer and the time in Tokyo) that finish out of order, then an answer from both results"),
        ("/time", "calls get_current_time, e.g. `/time Europe/Paris`"),
        ("/calc", "calls calculate, e.g. `/calc (17 * 23) + 4`"),
        ("/docs", "calls read_app_docs, e.g. `/docs scenarios`"),
        ("/tools-unknown", "calls a tool the app does not have: its card shows the error and the answer carries on"),
        ("/tools-loop", "asks for a tool call every round, until Chat:Tools:MaxSteps ends the answer"),
    ];

    /// <summary>What the model says and calls in this round, or null when the prompt is not a tool scenario.</summary>
    /// <param name="toolsOffered">Whether the request offered tools (a scenario without them says so).</param>
    public static (string Text, IReadOnlyList<SimulatedToolCall> Calls)? Next(ChatHistory history, bool toolsOffered)
    {
        var lastUser = history.ToList().FindLastIndex(m => m.Role == AuthorRole.User);
        var prompt = lastUser < 0 ? "" : history[lastUser].Content?.Trim() ?? "";
        var keyword = prompt.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant() ?? "";
        var rest = prompt.Length > keyword.Length ? prompt[keyword.Length..].Trim() : "";
        if (!Catalog.Any(c => c.Keyword == keyword))
        {
            return null;
        }
        if (!toolsOffered)
        {
            return ("Tools are off for this request (JSON mode, the HTTP API, or `Chat:Tools:Enabled` is false), so no tool was called.", []);
        }
        var turns = history.Skip(lastUser + 1).ToList();
        var round = turns.Count(m => m.Role == AuthorRole.Assistant && m.Items.OfType<FunctionCallContent>().Any());
        var results = turns.SelectMany(m => m.Items.OfType<FunctionResultContent>()).Select(r => r.Result?.ToString() ?? "").ToList();
        return keyword switch
        {
            "/tools" when round == 0 => ("I'll start a 1.5-second tea timer and look up the time in Tokyo at the same time.",
                [Call("start_timer", new { seconds = 1.5, label = "tea" }), Call("get_current_time", new { timeZone = "Asia/Tokyo" })]),
            "/tools" => ($"Both tools have answered:\n\n- **Time in Tokyo:** {Result(results, 1)}\n- **Timer:** {Result(results, 0)}\n\n" +
                "The clock finished first although it was asked for second: the calls ran in parallel, and each card completed when its own result arrived.", []),
            "/time" when round == 0 => ("", [Call("get_current_time", new { timeZone = rest.Length > 0 ? rest : "UTC" })]),
            "/time" => (Answer(results, r => $"It is {r}."), []),
            "/calc" when round == 0 => ("", [Call("calculate", new { expression = rest })]),
            "/calc" => (Answer(results, r => $"`{rest}` = **{r}**"), []),
            "/docs" when round == 0 => ("", [Call("read_app_docs", new { topic = rest })]),
            "/docs" => (Answer(results, r => $"Here is what the ChatApp documentation says:\n\n{r}"), []),
            "/tools-unknown" when round == 0 => ("Let me check the weather in Paris.", [Call("get_weather", new { city = "Paris" })]),
            "/tools-unknown" => ($"It turns out I have no weather tool (the app answered *{Result(results, 0).Split('.')[0]}*). " +
                "I can tell you the time in Paris or calculate something instead.", []),
            "/tools-loop" => ($"Checking the clock again (round {round + 1})…", [Call("get_current_time", new { timeZone = "UTC" })]),
            _ => null,
        };
    }

    private static SimulatedToolCall Call(string name, object arguments) => new(name, JsonSerializer.Serialize(arguments));

    private static string Result(List<string> results, int index) => index < results.Count ? results[index] : "(no result)";

    private static string Answer(List<string> results, Func<string, string> phrase)
    {
        var result = Result(results, 0);
        return result.StartsWith("Error:", StringComparison.Ordinal)
            ? $"The tool could not do it — {result[6..].Trim()}"
            : phrase(result);
    }
}
