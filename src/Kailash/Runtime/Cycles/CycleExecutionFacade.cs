using Kailash.Workflows;

namespace Kailash.Runtime.Cycles;

/// <summary>
/// The cycle part of a runtime (<c>runtime.Cycles</c>): its cycle settings and how it will run a workflow's cycles.
/// Cycles run identically in <see cref="LocalRuntime"/> and <see cref="AsyncLocalRuntime"/>; each run reports them in
/// <see cref="WorkflowRunResult.Cycles"/>.
/// </summary>
public sealed class CycleExecutionFacade
{
    private readonly BaseRuntime _runtime;

    internal CycleExecutionFacade(BaseRuntime runtime) => _runtime = runtime;

    /// <summary>Gets the runtime's cycle settings.</summary>
    public CycleOptions Options => _runtime.Engine.Services.Cycles.Options;

    /// <summary>Tells whether a workflow declares cycles.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns><see langword="true"/> when the workflow has at least one cycle.</returns>
    public bool HasCycles(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return workflow.Cycles.Count > 0;
    }

    /// <summary>Describes how each cycle of a workflow will run: its members in iteration order, entries, exits and effective limits.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns>One entry per cycle, in plan order.</returns>
    public IReadOnlyList<CycleInfo> GetCycles(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var plan = _runtime.Engine.GetPlan(workflow);
        var cycles = new List<CycleInfo>(plan.Cycles.Length);
        foreach (var cycle in plan.Cycles)
        {
            var members = new HashSet<int>(cycle.Members);
            var ids = new List<string>();
            var entries = new List<string>();
            var exits = new List<string>();
            foreach (var member in cycle.Members)
            {
                var node = plan.Nodes[member];
                ids.Add(node.Id);
                for (var i = 0; i < node.RegularInputCount; i++)
                {
                    if (!members.Contains(node.Inputs[i].SourceIndex))
                    {
                        entries.Add(node.Id);
                        break;
                    }
                }

                foreach (var dependent in node.Dependents)
                {
                    if (!members.Contains(dependent))
                    {
                        exits.Add(node.Id);
                        break;
                    }
                }
            }

            var program = CycleProgram.For(plan, cycle);
            cycles.Add(new CycleInfo(cycle.CycleId, ids, entries, exits, program.MaxIterations, program.Spec?.ConvergeWhen, program.Timeout));
        }

        return cycles;
    }
}
