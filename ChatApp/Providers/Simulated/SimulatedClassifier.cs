using Microsoft.SemanticKernel.ChatCompletion;

namespace ChatApp.Providers.Simulated;

/// <summary>The simulated model as a routing classifier: "code" for programming requests, otherwise the first other label offered.</summary>
public static class SimulatedClassifier
{
    private static readonly string[] CodeWords = ["/code", "code", "function", "class", "bug", "compile", "c#", "python", "javascript", "sql", "```"];

    public static string Classify(ChatHistory question)
    {
        var instruction = question[0].Content ?? "";
        var labels = instruction[(instruction.LastIndexOf(':') + 1)..].Trim().TrimEnd('.').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var request = (question.LastOrDefault(m => m.Role == AuthorRole.User)?.Content ?? "").ToLowerInvariant();
        var wantsCode = CodeWords.Any(request.Contains);
        return labels.FirstOrDefault(l => wantsCode == l.Equals("code", StringComparison.OrdinalIgnoreCase)) ?? labels.FirstOrDefault() ?? "general";
    }
}
