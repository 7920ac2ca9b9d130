namespace Kailash.Nodes;

/// <summary>
/// A node whose work really waits (I/O, timers). <c>LocalRuntime</c> runs it too: the wait completes in place
/// at this leaf, nowhere else.
/// </summary>
public abstract class AsyncNode : Node
{
    /// <summary>Runs the node asynchronously.</summary>
    /// <param name="inputs">The bound input values.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <param name="cancellationToken">Cancelled when the run is cancelled or the node times out.</param>
    /// <returns>The output map: port name to value.</returns>
    public abstract ValueTask<IReadOnlyDictionary<string, object?>> RunAsync(NodeInputs inputs, NodeContext context, CancellationToken cancellationToken);

    /// <summary>Runs the node and waits for it to finish.</summary>
    /// <param name="inputs">The bound input values.</param>
    /// <param name="context">Information about the run and the node.</param>
    /// <returns>The output map.</returns>
    public sealed override IReadOnlyDictionary<string, object?> Run(NodeInputs inputs, NodeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pending = RunAsync(inputs, context, context.CancellationToken);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    internal override ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(NodeInputs inputs, NodeContext context)
    {
        var pending = RunAsync(inputs, context, context.CancellationToken);
        if (context.IsSynchronous && !pending.IsCompleted)
        {
            // The leaf rule: in the synchronous runtime the wait completes here, in place.
            return new(pending.AsTask().GetAwaiter().GetResult());
        }

        return pending;
    }
}
