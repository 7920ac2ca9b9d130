namespace Kailash.Nodes;

/// <summary>
/// The base of every node. A node declares its inputs (<see cref="GetParameters"/>) and outputs
/// (<see cref="GetOutputs"/>) and computes its output map from its inputs in <see cref="Run"/>.
/// </summary>
/// <remarks>
/// Nodes must not keep per-run state in fields: one instance serves every run of its workflow, possibly
/// concurrently. Read inputs from <see cref="NodeInputs"/> and run information from <see cref="NodeContext"/>.
/// Derive from <see cref="AsyncNode"/> when the work really waits (I/O, timers).
/// </remarks>
public abstract class Node
{
    /// <summary>The output port a node has when it declares no other.</summary>
    public const string DefaultOutput = "result";

    private static readonly IReadOnlyList<string> DefaultOutputs = [DefaultOutput];
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, bool> RoutingTypes = new();
    private int _routing;

    /// <summary>Gets the inputs this node declares. The default declares none.</summary>
    /// <returns>The declared parameters.</returns>
    public virtual IReadOnlyList<NodeParameter> GetParameters() => [];

    /// <summary>Gets the output ports this node declares. The default is a single <c>result</c> port.</summary>
    /// <returns>The declared output port names.</returns>
    public virtual IReadOnlyList<string> GetOutputs() => DefaultOutputs;

    /// <summary>
    /// Gets a value indicating whether the node produces output ports that cannot be listed in advance.
    /// When <see langword="true"/>, connections from any port name are accepted.
    /// </summary>
    public virtual bool HasDynamicOutputs => false;

    /// <summary>
    /// Gets the declared type of an output port, or <see langword="null"/> when the port's type is not declared.
    /// When both ends of a connection declare types, <c>Build()</c> rejects incompatible ones (code <c>KWF009</c>).
    /// </summary>
    /// <param name="port">The output port name.</param>
    /// <returns>The declared type, or <see langword="null"/>.</returns>
    public virtual Type? GetOutputType(string port) => null;

    /// <summary>
    /// Gets the secrets this node needs besides its <see cref="NodeParameter.IsSecret"/> inputs. The runtime fetches each
    /// from <c>RuntimeOptions.SecretProvider</c> and binds it to its input when nothing else supplies that input.
    /// </summary>
    /// <returns>The secret requirements; the default is none.</returns>
    public virtual IReadOnlyList<SecretRequirement> GetSecretRequirements() => [];

    /// <summary>
    /// Gets a value indicating whether the node accepts inputs it does not declare.
    /// When <see langword="false"/> (the default for nodes that declare parameters), a connection into an undeclared input is a build error.
    /// </summary>
    public virtual bool AcceptsUndeclaredInputs => GetParameters().Count == 0;

    /// <summary>
    /// Runs the node.
    /// </summary>
    /// <param name="inputs">The bound input values.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <returns>The output map: port name to value.</returns>
    public abstract IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context);

    /// <summary>
    /// Tells whether an output port carries data downstream after a run. Routing nodes such as <c>SwitchNode</c>
    /// return <see langword="false"/> for the branch not taken, so nodes fed only by it are skipped.
    /// </summary>
    /// <param name="outputs">The outputs this node produced.</param>
    /// <param name="port">The output port.</param>
    /// <returns><see langword="true"/> when the port is active; the default is always active.</returns>
    /// <remarks>
    /// Overriding this method makes the node a routing node (<see cref="IsRouting"/>): branch pruning
    /// (<c>ConditionalExecutionMode.SkipBranches</c>), cycle exits and conditional analysis then honour it exactly as
    /// they honour <c>SwitchNode</c>. It must be a pure function of <paramref name="outputs"/>.
    /// </remarks>
    public virtual bool IsOutputActive(IReadOnlyDictionary<string, object?> outputs, string port) => true;

    /// <summary>
    /// Gets a value indicating whether the node routes data: its type overrides <see cref="IsOutputActive"/>, so some
    /// of its output ports may be inactive after a run. Read once per type.
    /// </summary>
    public bool IsRouting
    {
        get
        {
            if (_routing == 0)
            {
                _routing = RoutingTypes.GetOrAdd(GetType(), OverridesIsOutputActive) ? 2 : 1;
            }

            return _routing == 2;
        }
    }

    /// <summary>
    /// Gets what the workflow may touch, as known when it is built (the builder's or loader's
    /// <see cref="NodeRegistry.Permissions"/>). Read it in <see cref="Configure(IReadOnlyDictionary{string, object?})"/> to refuse, before anything runs, a config that
    /// names a path, host or code the workflow may not use; at run time use <see cref="NodeContext.Permissions"/>.
    /// </summary>
    protected internal Security.WorkflowPermissions BuildPermissions { get; internal set; } = Security.WorkflowPermissions.Default;

    /// <summary>
    /// Reads the node's configuration once, when the workflow is built. Throw <see cref="NodeConfigurationException"/>
    /// for invalid configuration; the builder reports it with the node id.
    /// </summary>
    /// <param name="config">The node's configuration.</param>
    protected internal virtual void Configure(IReadOnlyDictionary<string, object?> config)
    {
    }

    /// <summary>
    /// Configures the node with the registry the workflow is built from (its expression functions, sub-workflows).
    /// Built-in nodes that need the registry override this; the default calls <see cref="Configure(IReadOnlyDictionary{string, object?})"/>.
    /// </summary>
    internal virtual void Configure(IReadOnlyDictionary<string, object?> config, NodeRegistry registry) => Configure(config);

    private static bool OverridesIsOutputActive(Type type)
        => type.GetMethod(nameof(IsOutputActive), [typeof(IReadOnlyDictionary<string, object?>), typeof(string)])?.DeclaringType != typeof(Node);

    /// <summary>
    /// Gets a value indicating whether the engine may reuse this node's step objects for a later step of the same run once a
    /// step has completed in place: its <see cref="NodeInputs"/> (the node's code never sees them: a typed node reads them
    /// into its input record first) and its <see cref="NodeContext"/> (valid only during the call, as
    /// <see cref="Node{TInput, TOutput}.Run(TInput, NodeContext)"/> documents).
    /// </summary>
    internal virtual bool ReusesStepObjects => false;

    /// <summary>Invokes the node; the engine's only entry point. Sync nodes complete in place.</summary>
    internal virtual ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(NodeInputs inputs, NodeContext context)
        => new(Run(inputs, context));
}
