using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Kailash.Expressions;
using Kailash.Workflows;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// The convergence expressions of declared cycles, parsed once (when the workflow is built) and kept with their
/// <see cref="CycleSpec"/>. Also the names a convergence expression may use besides node ids and output ports.
/// </summary>
internal static class CycleExpressions
{
    /// <summary>The number of iterations run so far (1 after the first).</summary>
    public const string Iteration = "iteration";

    /// <summary>The seconds spent in the cycle so far.</summary>
    public const string ElapsedTime = "elapsed_time";

    private static readonly ConditionalWeakTable<CycleSpec, ParsedExpression> Parsed = [];

    /// <summary>Gets the names bound in every convergence scope besides node ids and output names (<c>True</c>/<c>False</c>/<c>None</c> are literals of the language).</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = [Iteration, ElapsedTime];

    /// <summary>Gets the parsed convergence expression of a cycle, its calls resolved against <paramref name="functions"/>.</summary>
    /// <returns><see langword="false"/> with the syntax error when the expression does not parse; <see langword="true"/> with <see langword="null"/> when there is none.</returns>
    public static bool TryGet(CycleSpec spec, ExpressionFunctionRegistry functions, out ExpressionProgram? program, [NotNullWhen(false)] out ExpressionSyntaxException? error)
    {
        error = null;
        program = null;
        if (spec.ConvergeWhen is not { } source)
        {
            return true;
        }

        if (Parsed.TryGetValue(spec, out var parsed) && ReferenceEquals(parsed.Functions, functions))
        {
            program = parsed.Program;
            return true;
        }

        if (!ExpressionProgram.TryParse(source, functions, out program, out error))
        {
            return false;
        }

        Parsed.AddOrUpdate(spec, new ParsedExpression(functions, program));
        return true;
    }

    public static bool TryGetReserved(string name, long iteration, TimeSpan elapsed, out object? value)
    {
        switch (name)
        {
            case Iteration:
                value = iteration;
                return true;
            case ElapsedTime:
                value = elapsed.TotalSeconds;
                return true;
            default:
                value = null;
                return false;
        }
    }

    private sealed record ParsedExpression(ExpressionFunctionRegistry Functions, ExpressionProgram Program);
}
