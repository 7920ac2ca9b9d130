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

    private static readonly ConditionalWeakTable<CycleSpec, ExpressionProgram> Parsed = [];

    /// <summary>Gets the names bound in every convergence scope (Python's <c>True</c>/<c>False</c>/<c>None</c> are accepted for files written by Kailash).</summary>
    public static IReadOnlyList<string> ReservedNames { get; } = [Iteration, ElapsedTime, "True", "False", "None"];

    /// <summary>Gets the parsed convergence expression of a cycle.</summary>
    /// <returns><see langword="false"/> with the syntax error when the expression does not parse; <see langword="true"/> with <see langword="null"/> when there is none.</returns>
    public static bool TryGet(CycleSpec spec, out ExpressionProgram? program, [NotNullWhen(false)] out ExpressionSyntaxException? error)
    {
        error = null;
        program = null;
        if (spec.ConvergeWhen is not { } source)
        {
            return true;
        }

        if (Parsed.TryGetValue(spec, out program))
        {
            return true;
        }

        if (!ExpressionProgram.TryParse(source, out program, out error))
        {
            return false;
        }

        Parsed.AddOrUpdate(spec, program);
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
            case "True":
                value = true;
                return true;
            case "False":
                value = false;
                return true;
            case "None":
                value = null;
                return true;
            default:
                value = null;
                return false;
        }
    }
}
