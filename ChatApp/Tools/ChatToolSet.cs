using System.Reflection;
using Microsoft.SemanticKernel;

namespace ChatApp.Tools;

/// <summary>
/// The built-in tools as Semantic Kernel functions. They are plugin-less, so the model sees the plain names
/// (<c>get_current_time</c>, not <c>Tools-get_current_time</c>) and the cards show what the model asked for.
/// </summary>
public sealed class ChatToolSet
{
    public ChatToolSet(TimeProvider time)
    {
        object[] tools = [new TimeTool(time), new CalculatorTool(), new TimerTool(time), new AppDocsTool()];
        Functions = tools
            .SelectMany(tool => tool.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
                .Where(method => method.GetCustomAttribute<KernelFunctionAttribute>() is not null)
                .Select(method => KernelFunctionFactory.CreateFromMethod(method, tool)))
            .ToArray();
    }

    public IReadOnlyList<KernelFunction> Functions { get; }

    /// <summary>The tool the model named, or null when there is none (models do invent names).</summary>
    public KernelFunction? Find(string? name) => Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));
}
