using System.ComponentModel;
using System.Globalization;
using Microsoft.SemanticKernel;
using NCalc;

namespace ChatApp.Tools;

/// <summary>Arithmetic the model should not do in its head, evaluated by NCalc (no code, no I/O: numbers and math functions only).</summary>
public sealed class CalculatorTool
{
    [KernelFunction("calculate")]
    [Description("Evaluates an arithmetic expression exactly, e.g. (17 * 23) + 4, Sqrt(2), Pow(2, 10) or 7 % 3.")]
    public string Calculate([Description("The expression: numbers, + - * / % and parentheses, and functions such as Sqrt, Pow, Abs, Round.")] string expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            throw new ArgumentException("The expression is empty.");
        }
        object? value;
        try
        {
            var parsed = new Expression(expression, ExpressionOptions.DecimalAsDefault);
            value = parsed.Evaluate();
        }
        catch (Exception ex) when (ex is NCalc.Exceptions.NCalcException or ArgumentException or FormatException or OverflowException or DivideByZeroException)
        {
            throw new ArgumentException($"'{expression}' is not an expression I can evaluate: {ex.Message}", ex);
        }
        return value switch
        {
            null => throw new ArgumentException($"'{expression}' has no value."),
            bool b => b ? "true" : "false",
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString() ?? "",
        };
    }
}
