using Kailash.Security;
using Microsoft.Extensions.Logging;

namespace Kailash.Nodes;

/// <summary>What a node knows about the run it is part of.</summary>
public sealed class NodeContext
{
    private RunScope _scope;
    private string? _idempotencyKey;

    internal NodeContext(string runId, string workflowId, string nodeId, string nodeType, bool isSynchronous, ILogger logger, UserContext? userContext, CycleState? cycle, CancellationToken cancellationToken)
        : this(new RunScope(runId, workflowId, isSynchronous, userContext, WorkflowPermissions.Default, null, null, shared: false), nodeId, nodeType, logger, cycle, cancellationToken)
    {
    }

    /// <summary>The engine's constructor: what every node of a run shares lives once in <paramref name="scope"/>, so a step allocates only what is its own.</summary>
    internal NodeContext(RunScope scope, string nodeId, string nodeType, ILogger logger, CycleState? cycle, CancellationToken cancellationToken)
    {
        _scope = scope;
        NodeId = nodeId;
        NodeType = nodeType;
        Logger = logger;
        Cycle = cycle;
        CancellationToken = cancellationToken;
    }

    /// <summary>
    /// Creates a context for calling a node directly, outside a run: in a node's own unit tests, or when one node
    /// delegates to another. The engine creates its own contexts; this factory is for node authors.
    /// </summary>
    /// <param name="nodeId">The node id the node sees (and names in its errors).</param>
    /// <param name="nodeType">The registered type name the node sees.</param>
    /// <param name="logger">The node's logger; <see cref="Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance"/> when omitted.</param>
    /// <param name="userContext">The user the run is for, if any.</param>
    /// <param name="cycle">Loop state, to test a node as if it ran inside a cycle (see <see cref="CycleState.Create"/>).</param>
    /// <param name="isSynchronous"><see langword="true"/> to behave as under <c>LocalRuntime</c>, <see langword="false"/> as under <c>AsyncLocalRuntime</c>.</param>
    /// <param name="runId">The run id the node sees; a new GUID when omitted.</param>
    /// <param name="workflowId">The workflow id the node sees.</param>
    /// <param name="permissions">What the node may touch (paths, hosts, code); <see cref="WorkflowPermissions.Default"/> when omitted.</param>
    /// <param name="cancellationToken">The token the node observes.</param>
    /// <returns>The context.</returns>
    public static NodeContext Create(
        string nodeId = "node",
        string nodeType = "Node",
        ILogger? logger = null,
        UserContext? userContext = null,
        CycleState? cycle = null,
        bool isSynchronous = true,
        string? runId = null,
        string workflowId = "workflow",
        WorkflowPermissions? permissions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        ArgumentNullException.ThrowIfNull(nodeType);
        ArgumentNullException.ThrowIfNull(workflowId);
        return new NodeContext(runId ?? Guid.NewGuid().ToString(), workflowId, nodeId, nodeType, isSynchronous, logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, userContext, cycle, cancellationToken)
        {
            Permissions = permissions ?? WorkflowPermissions.Default,
        };
    }

    /// <summary>Gets the run id.</summary>
    public string RunId => _scope.RunId;

    /// <summary>Gets the workflow id.</summary>
    public string WorkflowId => _scope.WorkflowId;

    /// <summary>Gets the id of the running node.</summary>
    public string NodeId { get; private set; }

    /// <summary>Gets the registered type name of the running node.</summary>
    public string NodeType { get; private set; }

    /// <summary>Gets a value indicating whether the run is synchronous (<c>LocalRuntime</c>).</summary>
    public bool IsSynchronous => _scope.IsSynchronous;

    /// <summary>Gets a logger for the node.</summary>
    public ILogger Logger { get; private set; }

    /// <summary>Gets the run this context belongs to (<see langword="null"/> for a context made by <see cref="Create"/>).</summary>
    internal Runtime.Engine.RunContext? Run => _scope.Run;

    /// <summary>Gets the run's secrets, so what the runtime reports about this node (retry logs) is masked too.</summary>
    internal Runtime.Engine.ISecretMasker? Secrets => Run?.Secrets;

    /// <summary>Gets the run's event emitter when someone listens (retries are reported through it).</summary>
    internal Runtime.Engine.RunEvents? Events => Run?.Events;

    /// <summary>Gets where the node's body runs (a distributed runtime's executor); <see langword="null"/> runs it in place.</summary>
    internal Runtime.Engine.INodeStepExecutor? StepExecutor => Run?.StepExecutor;

    /// <summary>Gets the user the run is for, when one is set.</summary>
    public UserContext? UserContext => _scope.UserContext;

    /// <summary>Gets the loop state when the node runs inside a cycle; otherwise <see langword="null"/>.</summary>
    public CycleState? Cycle { get; private set; }

    /// <summary>Gets the run's cancellation token. Long-running nodes should observe it.</summary>
    public CancellationToken CancellationToken { get; internal set; }

    /// <summary>
    /// Gets what the run may touch: check every path (<see cref="WorkflowPermissions.ResolvePath"/>) and URL
    /// (<see cref="WorkflowPermissions.CheckUrl"/>) that reaches the node before using it.
    /// </summary>
    public WorkflowPermissions Permissions
    {
        get => _scope.Permissions;
        internal init => Own().Permissions = value;
    }

    /// <summary>Gets the application's services (<c>RuntimeOptions.Services</c>), or <see langword="null"/> when none were given.</summary>
    public IServiceProvider? Services
    {
        get => _scope.Services;
        internal init => Own().Services = value;
    }

    /// <summary>Gets the attempt number, starting at 1 (greater when a retry policy re-runs the node).</summary>
    public int Attempt { get; internal set; } = 1;

    /// <summary>
    /// Gets a key that names this node execution across restarts: <c>{runId}:{nodeId}:{iteration}</c> (iteration 0 outside
    /// cycles). A durable run that is resumed after a crash runs an interrupted node again with the same key, so a node that
    /// calls another system can pass it (HTTP nodes send it as the <c>Idempotency-Key</c> header) and let that system drop the
    /// repeat. Side effects are at-least-once; the key is how to make them effectively once.
    /// </summary>
    public string IdempotencyKey => _idempotencyKey ??= string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{RunId}:{NodeId}:{Cycle?.Iteration ?? 0}");

    /// <summary>Readies a finished step's context for another step of the same run (same scope); see <see cref="Node.ReusesStepObjects"/>.</summary>
    internal NodeContext Reuse(string nodeId, string nodeType, ILogger logger, CycleState? cycle, CancellationToken cancellationToken)
    {
        NodeId = nodeId;
        NodeType = nodeType;
        Logger = logger;
        Cycle = cycle;
        CancellationToken = cancellationToken;
        Attempt = 1;
        _idempotencyKey = null;
        return this;
    }

    /// <summary>The scope this context may change: its own, copied first when it is a run's shared one.</summary>
    private RunScope Own() => _scope.Shared ? _scope = _scope.Copy() : _scope;

    /// <summary>What every node context of one run shares (made once per run by the engine; once per context otherwise).</summary>
    internal sealed class RunScope(string runId, string workflowId, bool isSynchronous, UserContext? userContext, WorkflowPermissions permissions, IServiceProvider? services, Runtime.Engine.RunContext? run, bool shared)
    {
        public string RunId { get; } = runId;

        public string WorkflowId { get; } = workflowId;

        public bool IsSynchronous { get; } = isSynchronous;

        public UserContext? UserContext { get; } = userContext;

        public WorkflowPermissions Permissions { get; set; } = permissions;

        public IServiceProvider? Services { get; set; } = services;

        public Runtime.Engine.RunContext? Run { get; } = run;

        /// <summary>Gets a value indicating whether several contexts share this scope (then a context copies it before changing it).</summary>
        public bool Shared { get; } = shared;

        public RunScope Copy() => new(RunId, WorkflowId, IsSynchronous, UserContext, Permissions, Services, Run, shared: false);
    }
}
