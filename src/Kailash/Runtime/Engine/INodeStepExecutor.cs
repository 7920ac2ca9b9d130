using Kailash.Nodes;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Where one attempt of a node's body runs. By default (no executor on the run) the body runs in place; a distributed
/// runtime (Kailash.Orleans) supplies one per run to send the step to another machine. Everything around the body —
/// skip decision, input binding, contracts, the node's policy (retry, timeouts, breaker), recording and events — stays
/// in the engine that drives the run, so a remote step is recorded exactly like a local one.
/// </summary>
internal interface INodeStepExecutor
{
    /// <summary>Runs one attempt of a node's body and returns its outputs (or throws the node's failure).</summary>
    /// <param name="node">The node instance of the driving engine's workflow (its id and type name identify the step).</param>
    /// <param name="inputs">The bound inputs.</param>
    /// <param name="context">The node's context: run id, node id, cycle iteration, attempt and cancellation.</param>
    /// <returns>The node's outputs.</returns>
    ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(Node node, NodeInputs inputs, NodeContext context);
}
