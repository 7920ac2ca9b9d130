using Kailash.Nodes.Logic;
using Kailash.Workflows;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// The conditional-execution part of a runtime (<c>runtime.Conditional</c>): its mode, whether a workflow routes
/// conditionally, and an explanation of the path a run took.
/// </summary>
public sealed class ConditionalExecutionFacade
{
    private readonly BaseRuntime _runtime;

    internal ConditionalExecutionFacade(BaseRuntime runtime) => _runtime = runtime;

    /// <summary>Gets how the runtime steers runs through switches.</summary>
    public ConditionalExecutionMode Mode => _runtime.Options.ConditionalExecution;

    /// <summary>Tells whether a workflow routes data conditionally (has at least one switch). Workflows with cycles count too.</summary>
    /// <param name="workflow">The workflow.</param>
    /// <returns><see langword="true"/> when at least one node is a routing node such as <see cref="SwitchNode"/>.</returns>
    public bool HasConditionalPatterns(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        foreach (var node in workflow.Nodes)
        {
            if (node.Node.IsRouting)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Explains the path a run took: which branch each switch took, which nodes were skipped and why (per input),
    /// and how many nodes ran or were skipped.
    /// </summary>
    /// <param name="workflow">The workflow that was run.</param>
    /// <param name="result">The run's result (also available as <see cref="WorkflowExecutionException.Result"/> when the run threw).</param>
    /// <returns>The explanation.</returns>
    /// <exception cref="ArgumentException">The result belongs to another workflow.</exception>
    public ExecutionPathInfo GetExecutionPathDebugInfo(Workflow workflow, WorkflowRunResult result)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(result);
        if (!string.Equals(workflow.Id, result.WorkflowId, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The result is for workflow '{result.WorkflowId}', not '{workflow.Id}'. Please pass the workflow that was run.", nameof(result));
        }

        return ExecutionPathAnalyzer.Explain(_runtime.Engine.GetPlan(workflow), result, Mode);
    }
}
