using System.Reflection;

namespace ChatApp.Tests.Architecture;

/// <summary>
/// The streaming core stays plain C#: no Blazor, JS interop or MudBlazor types in the namespaces the
/// components build on (style.md: Components → Conversations/Providers → Streaming/Markdown).
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] CoreNamespaces =
        ["ChatApp.Streaming", "ChatApp.Markdown", "ChatApp.Providers", "ChatApp.Tools", "ChatApp.Conversations", "ChatApp.Storage"];

    private static readonly string[] UiNamespaces = ["Microsoft.AspNetCore.Components", "Microsoft.JSInterop", "MudBlazor"];

    [Fact]
    public void CoreTypes_UseNoBlazorJsInteropOrMudBlazorTypes()
    {
        var core = typeof(Program).Assembly.GetTypes()
            .Where(t => CoreNamespaces.Any(ns => t.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true));
        var offending = new List<string>();
        foreach (var type in core)
        {
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = new List<Type?> { type.BaseType };
            used.AddRange(type.GetInterfaces());
            used.AddRange(type.GetFields(all).Select(f => f.FieldType));
            used.AddRange(type.GetProperties(all).Select(p => p.PropertyType));
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                used.AddRange(method.GetParameters().Select(p => p.ParameterType));
                if (method is MethodInfo info)
                {
                    used.Add(info.ReturnType);
                }
            }
            foreach (var usedType in used.Where(t => t is not null).SelectMany(Expand))
            {
                if (UiNamespaces.Any(ns => usedType.Namespace?.StartsWith(ns, StringComparison.Ordinal) == true))
                {
                    offending.Add($"{type.FullName} uses {usedType.FullName}");
                }
            }
        }

        Assert.Empty(offending.Distinct());
        Assert.True(core.Count() > 50, "the core namespaces were not found");
    }

    // A generic type and its arguments, an array and its element.
    private static IEnumerable<Type> Expand(Type? type)
    {
        if (type is null)
        {
            yield break;
        }
        yield return type;
        if (type.HasElementType)
        {
            foreach (var inner in Expand(type.GetElementType()))
            {
                yield return inner;
            }
        }
        if (type.IsGenericType)
        {
            foreach (var inner in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return inner;
            }
        }
    }
}
