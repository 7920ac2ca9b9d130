namespace Kailash.Runtime;

/// <summary>A progress update: how many nodes have finished and which node just did.</summary>
/// <param name="RunId">The run id.</param>
/// <param name="CompletedNodes">Nodes finished so far (any status).</param>
/// <param name="TotalNodes">Nodes in the workflow.</param>
/// <param name="NodeId">The node that just finished.</param>
/// <param name="NodeStatus">How it finished.</param>
/// <param name="Elapsed">Time since the run started.</param>
public readonly record struct WorkflowProgress(string RunId, int CompletedNodes, int TotalNodes, string NodeId, NodeStatus NodeStatus, TimeSpan Elapsed);
