using Kailash.Security;
using Microsoft.Extensions.Logging;

namespace Kailash.Nodes;

/// <summary>What a node knows about the run it is part of.</summary>
public sealed class NodeContext
{
    internal NodeContext(string runId, string workflowId, string nodeId, string nodeType, bool isSynchronous, ILogger logger, UserContext? userContext, CycleState? cycle, CancellationToken cancellationToken)
    {
        RunId = runId;
        WorkflowId = workflowId;
        NodeId = nodeId;
        NodeType = nodeType;
        IsSynchronous = isSynchronous;
        Logger = logger;
        UserContext = userContext;
        Cycle = cycle;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets the run id.</summary>
    public string RunId { get; }

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId { get; }

    /// <summary>Gets the id of the running node.</summary>
    public string NodeId { get; }

    /// <summary>Gets the registered type name of the running node.</summary>
    public string NodeType { get; }

    /// <summary>Gets a value indicating whether the run is synchronous (<c>LocalRuntime</c>).</summary>
    public bool IsSynchronous { get; }

    /// <summary>Gets a logger for the node.</summary>
    public ILogger Logger { get; }

    /// <summary>Gets the user the run is for, when one is set.</summary>
    public UserContext? UserContext { get; }

    /// <summary>Gets the loop state when the node runs inside a cycle; otherwise <see langword="null"/>.</summary>
    public CycleState? Cycle { get; }

    /// <summary>Gets the run's cancellation token. Long-running nodes should observe it.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>
    /// Gets what the run may touch: check every path (<see cref="WorkflowPermissions.ResolvePath"/>) and URL
    /// (<see cref="WorkflowPermissions.CheckUrl"/>) that reaches the node before using it.
    /// </summary>
    public WorkflowPermissions Permissions { get; internal init; } = WorkflowPermissions.Default;

    /// <summary>Gets the application's services (<c>RuntimeOptions.Services</c>), or <see langword="null"/> when none were given.</summary>
    public IServiceProvider? Services { get; internal init; }

    /// <summary>Gets the attempt number, starting at 1 (greater when a retry policy re-runs the node).</summary>
    public int Attempt { get; internal set; } = 1;
}
