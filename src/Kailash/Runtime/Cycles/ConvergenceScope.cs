using Kailash.Expressions;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// What a convergence expression sees after an iteration: <c>iteration</c>, <c>elapsed_time</c>, every node id
/// (bound to that node's outputs; for cycle members, the outputs of the last iteration in which they ran) and, by bare
/// name, every output port of the cycle's members (<c>done == true</c>). When several members produce the same name,
/// the last one in iteration order wins (as in Kailash); qualify it with the node id (<c>check.done</c>) to pick another.
/// As in Kailash, the keys of a dictionary-valued output (a code node's <c>result</c>) are visible by bare name too,
/// after the output ports of the same member: <c>converged == True</c> reads <c>result["converged"]</c>.
/// </summary>
internal sealed class ConvergenceScope : IExpressionScope
{
    private readonly CycleExecution _execution;

    public ConvergenceScope(CycleExecution execution) => _execution = execution;

    public bool TryGetValue(string name, out object? value)
    {
        var execution = _execution;
        if (CycleExpressions.TryGetReserved(name, execution.Iteration, execution.Elapsed, out value))
        {
            return true;
        }

        var run = execution.Run;
        if (run.Plan.IndexById.TryGetValue(name, out var index))
        {
            value = execution.OutputsOf(index);
            return true;
        }

        // A bare output name binds to the last member, in iteration order, that produced it in its latest run.
        var members = execution.Cycle.Members;
        for (var m = members.Length - 1; m >= 0; m--)
        {
            if (execution.LastOutputs(m) is not { } outputs)
            {
                continue;
            }

            if (outputs.TryGetValue(name, out value) || TryGetNestedKey(outputs, name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    private static bool TryGetNestedKey(IReadOnlyDictionary<string, object?> outputs, string name, out object? value)
    {
        foreach (var output in outputs)
        {
            if (output.Value is { } dictionary && ExpressionValues.IsDictionary(dictionary) && ExpressionValues.LookupKey(dictionary, name, out value) == KeyLookup.Found)
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    public IEnumerable<string> GetAvailableNames()
    {
        var names = new List<string> { CycleExpressions.Iteration, CycleExpressions.ElapsedTime };
        var members = _execution.Cycle.Members;
        for (var m = 0; m < members.Length; m++)
        {
            names.Add(_execution.Run.Plan.Nodes[members[m]].Id);
            if (_execution.LastOutputs(m) is { } outputs)
            {
                names.AddRange(outputs.Keys);
                foreach (var output in outputs.Values)
                {
                    if (output is not null && ExpressionValues.IsDictionary(output))
                    {
                        names.AddRange(ExpressionValues.GetKeys(output));
                    }
                }
            }
        }

        return names.Distinct(StringComparer.Ordinal);
    }
}
