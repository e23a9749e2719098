namespace ChatApp.Tests.Architecture;

/// <summary>
/// The streaming core stays plain C#: no Blazor, JS interop or MudBlazor types in the namespaces the
/// components build on (style.md: Components → Conversations/Providers → Streaming/Markdown).
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] CoreNamespaces =
        ["ChatApp.Streaming", "ChatApp.Markdown", "ChatApp.Providers", "ChatApp.Tools", "ChatApp.Answers", "ChatApp.Conversations", "ChatApp.Storage", "ChatApp.Lab", "ChatApp.ScaleOut"];

    private static readonly string[] UiNamespaces = ["Microsoft.AspNetCore.Components", "Microsoft.JSInterop", "MudBlazor"];

    [Fact]
    public void CoreTypes_UseNoBlazorJsInteropOrMudBlazorTypes()
    {
        var core = typeof(Program).Assembly.GetTypes()
            .Where(t => CoreNamespaces.Any(ns => t.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true)).ToList();

        var offending = core.SelectMany(type => FolderDependencies.UsedTypes(type)
                .Where(used => UiNamespaces.Any(ns => used.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true))
                .Select(used => $"{type.FullName} uses {used.FullName}"))
            .Distinct().ToList();

        Assert.Empty(offending);
        Assert.True(core.Count > 50, "the core namespaces were not found");
    }

    /// <summary>
    /// The intended direction, one way only: Components and the HTTP surface on top; Conversations (a page's
    /// chats) over Answers (turns: router → tool loop) over Tools over Providers; Storage beside them; the
    /// Streaming core (producer, answer log, readers) under everything and using none of them.
    /// </summary>
    private static readonly Dictionary<string, string[]> MayUse = new()
    {
        ["Streaming"] = ["Configuration"],
        ["Markdown"] = ["Streaming"],
        ["Providers"] = ["Streaming", "Configuration"],
        ["Tools"] = ["Providers", "Streaming", "Configuration"],
        ["Answers"] = ["Tools", "Providers", "Streaming", "Configuration"],
        ["Storage"] = ["Streaming", "Configuration"],
        ["Conversations"] = ["Answers", "Providers", "Storage", "Streaming", "Configuration"],
        ["Lab"] = ["Markdown", "Providers", "Streaming", "Configuration"],
        ["ScaleOut"] = ["Conversations", "Answers", "Storage", "Streaming", "Configuration"],
    };

    [Fact]
    public void CoreFolders_DependOnlyDownward()
    {
        var graph = FolderDependencies.Compute();

        var offending = MayUse.SelectMany(rule => graph.GetValueOrDefault(rule.Key, [])
            .Where(use => !rule.Value.Contains(use.Key))
            .Select(use => $"{rule.Key} → {use.Key}: {use.Value}")).ToList();

        Assert.Empty(offending);
        Assert.True(graph.ContainsKey("Answers") && graph["Answers"].ContainsKey("Tools"), "the IL walk found nothing: it is broken");
    }

    [Fact]
    public void TheStreamingCore_ConsumesNoSemanticKernelType()
    {
        var offending = typeof(Program).Assembly.GetTypes()
            .Where(t => FolderDependencies.FolderOf(t) == "Streaming")
            .SelectMany(t => FolderDependencies.UsedTypes(t).Where(used => used.Namespace?.StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true)
                .Select(used => $"{t.FullName} uses {used.FullName}"))
            .Distinct().ToList();

        Assert.Empty(offending);
    }

    [Fact]
    public void Components_DoNotUseStorageTypes()
    {
        var graph = FolderDependencies.Compute();

        Assert.False(graph["Components"].TryGetValue("Storage", out var use), use);
    }

    [Fact]
    public void NoTwoFolders_UseEachOther()
    {
        var graph = FolderDependencies.Compute();

        var cycles = graph.SelectMany(from => from.Value.Keys
                .Where(to => string.CompareOrdinal(from.Key, to) < 0 && graph.GetValueOrDefault(to, []).ContainsKey(from.Key))
                .Select(to => $"{from.Value[to]} and {graph[to][from.Key]}"))
            .ToList();

        Assert.Empty(cycles);
    }
}
