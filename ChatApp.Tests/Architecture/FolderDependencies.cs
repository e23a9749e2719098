using System.Reflection;
using System.Reflection.Emit;

namespace ChatApp.Tests.Architecture;

/// <summary>
/// Which app folders (the namespace segment after <c>ChatApp.</c>) each folder's types use: in signatures, fields,
/// base types, and in method bodies (every type, method and field token of their IL, closures and async
/// state machines included).
/// </summary>
public static class FolderDependencies
{
    private static readonly Dictionary<short, OperandType> OperandTypes = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value, o => o.OperandType);

    /// <summary>The folder of a type of the app (null for anything else).</summary>
    public static string? FolderOf(Type type)
    {
        var ns = type.Namespace;
        if (ns is null || !ns.StartsWith("ChatApp.", StringComparison.Ordinal) || type.Assembly != typeof(Program).Assembly)
        {
            return null;
        }
        var rest = ns["ChatApp.".Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    /// <summary>Folder → the other folders its types use, and one example of each use.</summary>
    public static Dictionary<string, Dictionary<string, string>> Compute()
    {
        var graph = new Dictionary<string, Dictionary<string, string>>();
        foreach (var type in typeof(Program).Assembly.GetTypes())
        {
            if (FolderOf(type) is not { } folder)
            {
                continue;
            }
            var uses = graph.TryGetValue(folder, out var existing) ? existing : graph[folder] = [];
            foreach (var used in UsedTypes(type))
            {
                if (FolderOf(used) is { } target && target != folder)
                {
                    uses.TryAdd(target, $"{type.FullName} uses {used.FullName}");
                }
            }
        }
        return graph;
    }

    /// <summary>Every type <paramref name="type"/> uses in its signatures and method bodies.</summary>
    public static IEnumerable<Type> UsedTypes(Type type)
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
            used.AddRange(TypesInBody(method));
        }
        return used.Where(t => t is not null).SelectMany(t => Expand(t!));
    }

    // Walks the IL and resolves every token that names a type, method or field.
    private static IEnumerable<Type?> TypesInBody(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var position = 0;
        while (position < il.Length)
        {
            short value = il[position++];
            if (value == 0xFE)
            {
                value = unchecked((short)(0xFE00 | il[position++]));
            }
            var operand = OperandTypes.TryGetValue(value, out var kind) ? kind : OperandType.InlineNone;
            switch (operand)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, position);
                    position += 4;
                    MemberInfo? member = null;
                    try
                    {
                        member = method.Module.ResolveMember(token, typeArguments, methodArguments);
                    }
                    catch (ArgumentException)
                    {
                        // A token of a generic context this walk cannot supply; its signature types are seen elsewhere.
                    }
                    yield return member as Type ?? member?.DeclaringType;
                    if (member is MethodInfo called)
                    {
                        yield return called.ReturnType;
                    }
                    if (member is FieldInfo field)
                    {
                        yield return field.FieldType;
                    }
                    break;
                case OperandType.InlineSwitch:
                    var count = BitConverter.ToInt32(il, position);
                    position += 4 + 4 * count;
                    break;
                default:
                    position += operand switch
                    {
                        OperandType.InlineNone => 0,
                        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                        OperandType.InlineVar => 2,
                        OperandType.InlineI8 or OperandType.InlineR => 8,
                        _ => 4,
                    };
                    break;
            }
        }
    }

    /// <summary>A generic type and its arguments, an array and its element.</summary>
    public static IEnumerable<Type> Expand(Type? type)
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
