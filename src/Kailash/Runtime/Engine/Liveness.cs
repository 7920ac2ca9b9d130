namespace Kailash.Runtime.Engine;

/// <summary>
/// The one definition of "this edge carries a value": its source completed and the source port is active
/// (<see cref="Nodes.Node.IsOutputActive"/>, asked on the raw outputs, before secrets are masked). Decided once per
/// outgoing edge when the source's result is recorded, stored in <see cref="RunState.EdgeLive"/>, and read by skip
/// decisions, input binding and cycle exits alike.
/// </summary>
internal static class Liveness
{
    /// <summary>Decides the outgoing edges of a node whose result is being recorded.</summary>
    public static void Decide(RunState state, PlanNode node, NodeResult result, IReadOnlyDictionary<string, object?> rawOutputs)
    {
        var edges = node.OutgoingEdges;
        if (edges.Length == 0)
        {
            return;
        }

        var completed = result.Status == NodeStatus.Completed;
        var live = state.EdgeLive;
        for (var i = 0; i < edges.Length; i++)
        {
            var edge = edges[i];
            if (!completed)
            {
                live[edge.EdgeIndex] = false;
                continue;
            }

            try
            {
                live[edge.EdgeIndex] = node.Node.IsOutputActive(rawOutputs, edge.SourcePort);
                state.ClearEdgeError(edge.EdgeIndex);
            }
            catch (Exception ex)
            {
                // A routing node's IsOutputActive threw: the edge's target cannot be scheduled, and will say why.
                live[edge.EdgeIndex] = false;
                state.SetEdgeError(edge.EdgeIndex, ex);
            }
        }
    }

    /// <summary>Tells whether an edge carries a value; throws the source's routing error when deciding it failed.</summary>
    public static bool IsLive(RunState state, InputBinding edge)
    {
        if (state.EdgeError(edge.EdgeIndex) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        return state.EdgeLive[edge.EdgeIndex];
    }
}
