namespace Kailash.Nodes.Code;

/// <summary>
/// What a <c>CSharpCodeNode</c> script sees besides the inputs it declares: every input (<see cref="Inputs"/>), the node's
/// context and the step's cancellation token.
/// </summary>
public sealed class CSharpScriptGlobals
{
    internal CSharpScriptGlobals(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken)
    {
        Inputs = inputs;
        Context = context;
        CancellationToken = cancellationToken;
    }

    /// <summary>Gets every input of the step (<c>Inputs.Get&lt;long&gt;("count")</c>).</summary>
    public NodeInputs Inputs { get; }

    /// <summary>Gets the node's context (run id, node id, logger, cycle state).</summary>
    public NodeContext Context { get; }

    /// <summary>Gets the step's cancellation token; long scripts should observe it.</summary>
    public CancellationToken CancellationToken { get; }
}
