using Kailash.Security;
using Microsoft.Extensions.Logging;

namespace Kailash.Nodes;

/// <summary>What a node knows about the run it is part of.</summary>
public sealed class NodeContext
{
    private int _inputRequests;
    private int _inputAttempt = 1;
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

    /// <summary>
    /// Asks for input from outside the run — a person's decision, another system's signal — and returns the answer. The
    /// first time, there is no answer yet: the request is stored in the run store, the node waits (its body ends here), the
    /// nodes that depend on it are held back while everything else runs, and the run ends
    /// <see cref="Runtime.WorkflowRunStatus.Suspended"/> — the process may exit. When the run is resumed with a response
    /// (<see cref="Runtime.ResumeSettings.Responses"/>, <c>AnswerInputAsync</c>, <c>kailash resume RUN_ID --input</c>), the node
    /// runs again and this call returns the stored answer at once. So code before the call runs again on resume (make it
    /// idempotent, or ask first); code after it runs once, with the answer. Completed nodes are never run again.
    /// </summary>
    /// <typeparam name="T">The answer's type: <see cref="bool"/>, a number, <see cref="string"/>, an enum, <c>Dictionary&lt;string, object?&gt;</c>, <c>List&lt;object?&gt;</c>, <see cref="System.Text.Json.JsonElement"/> or <see cref="object"/>.</typeparam>
    /// <param name="prompt">What to ask, shown to whoever answers.</param>
    /// <param name="timeout">How long the request stays open, measured on the runtime's <see cref="TimeProvider"/>; after that it times out and the node fails with <c>KWF139</c>. <see langword="null"/> waits forever.</param>
    /// <param name="name">A name to answer the request by (unique among the run's pending requests); the request id is the node id (<c>{nodeId}#{n}</c> for the n-th request of one node).</param>
    /// <param name="schema">An optional JSON Schema text describing the expected answer, stored with the request for whoever answers.</param>
    /// <returns>The answer.</returns>
    /// <exception cref="KailashException">The run cannot wait (no run store, or inside a cycle: <c>KWF148</c>), the request timed out (<c>KWF139</c>), or the answer does not fit <typeparamref name="T"/> (<c>KWF138</c>).</exception>
    public ValueTask<T?> RequestInputAsync<T>(string prompt, TimeSpan? timeout = null, string? name = null, string? schema = null)
    {
        try
        {
            return new(RequestInput<T>(prompt, timeout, name, schema));
        }
        catch (Exception ex)
        {
            return ValueTask.FromException<T?>(ex);
        }
    }

    /// <summary>Asks for input from outside the run, from a synchronous node; see <see cref="RequestInputAsync{T}"/> (the call never blocks: it answers at once or ends the node's body).</summary>
    /// <typeparam name="T">The answer's type.</typeparam>
    /// <param name="prompt">What to ask.</param>
    /// <param name="timeout">How long the request stays open; <see langword="null"/> waits forever.</param>
    /// <param name="name">A name to answer the request by.</param>
    /// <param name="schema">An optional JSON Schema text describing the expected answer.</param>
    /// <returns>The answer.</returns>
    public T? RequestInput<T>(string prompt, TimeSpan? timeout = null, string? name = null, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (timeout is { } limit && limit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "A request's timeout must be positive (or null to wait forever).");
        }

        if (schema is not null)
        {
            try
            {
                _ = System.Text.Json.JsonDocument.Parse(schema);
            }
            catch (System.Text.Json.JsonException ex)
            {
                throw new ArgumentException($"The schema is not JSON: {ex.Message}", nameof(schema), ex);
            }
        }

        return Runtime.Engine.Durable.RunInputs.Request<T>(this, new Runtime.Engine.Durable.InputQuestion(prompt, name, timeout, schema));
    }

    /// <summary>Counts this attempt's requests for input (their ids follow the order the node asks in; a retry asks from the first again).</summary>
    internal int NextInputOrdinal()
    {
        if (_inputAttempt != Attempt)
        {
            _inputAttempt = Attempt;
            _inputRequests = 0;
        }

        return ++_inputRequests;
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
