using System.Globalization;
using System.Text;

namespace Kailash.Runtime.Conditional;

/// <summary>
/// The path a run took through a workflow's switches: which branch each switch took, which nodes were skipped and why,
/// and how many nodes ran. Computed from a finished run's result; costs nothing while the run executes.
/// </summary>
public sealed class ExecutionPathInfo
{
    internal ExecutionPathInfo(string runId, string workflowId, ConditionalExecutionMode mode, IReadOnlyList<BranchDecision> branches, IReadOnlyList<string> executedNodes, IReadOnlyList<SkippedNodeInfo> skippedNodes)
    {
        RunId = runId;
        WorkflowId = workflowId;
        Mode = mode;
        Branches = branches;
        ExecutedNodes = executedNodes;
        SkippedNodes = skippedNodes;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the conditional-execution mode of the runtime that explains the run.</summary>
    public ConditionalExecutionMode Mode { get; }

    /// <summary>Gets one decision per switch, in plan order.</summary>
    public IReadOnlyList<BranchDecision> Branches { get; }

    /// <summary>Gets the nodes that ran (completed or failed), in plan order.</summary>
    public IReadOnlyList<string> ExecutedNodes { get; }

    /// <summary>Gets the skipped nodes with their reasons, in plan order.</summary>
    public IReadOnlyList<SkippedNodeInfo> SkippedNodes { get; }

    /// <summary>Gets how many nodes ran.</summary>
    public int ExecutedCount => ExecutedNodes.Count;

    /// <summary>Gets how many nodes were skipped.</summary>
    public int SkippedCount => SkippedNodes.Count;

    /// <summary>Returns a readable, multi-line explanation.</summary>
    /// <returns>The explanation.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Run '{RunId}' of '{WorkflowId}' ({Mode}): {ExecutedCount} executed, {SkippedCount} skipped.\n");
        foreach (var branch in Branches)
        {
            text.Append(CultureInfo.InvariantCulture, $"  switch '{branch.NodeId}' ({branch.Status}): took {Join(branch.TakenPorts)}; not taken {Join(branch.NotTakenPorts)}\n");
        }

        foreach (var skipped in SkippedNodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  skipped '{skipped.NodeId}' ({skipped.Reason}): {string.Join("; ", skipped.Causes)}\n");
        }

        return text.ToString();
    }

    private static string Join(IReadOnlyList<string> ports) => ports.Count == 0 ? "none" : string.Join(", ", ports);
}
