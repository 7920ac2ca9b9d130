namespace Kailash.Runtime.Engine;

/// <summary>
/// The skip marks of one <see cref="Conditional.ConditionalExecutionMode.SkipBranches"/> run (part of
/// <see cref="RunState"/>): for every node, how many of its regular inputs may still carry a value, and whether it was
/// pruned. The conditional concern cuts and marks; the engine stores and serialises.
/// </summary>
/// <remarks>Thread-safe: switches may complete concurrently under the async runtime.</remarks>
internal sealed class SkipMarks
{
    public SkipMarks(ExecutionPlan plan)
    {
        var nodes = plan.Nodes;
        LiveInputs = new int[nodes.Length];
        Pruned = new int[nodes.Length];
        for (var i = 0; i < nodes.Length; i++)
        {
            LiveInputs[i] = nodes[i].RegularInputCount;
        }
    }

    public SkipMarks(int[] liveInputs, int[] pruned)
    {
        LiveInputs = liveInputs;
        Pruned = pruned;
    }

    /// <summary>Gets, per node, how many regular inputs have not been cut.</summary>
    public int[] LiveInputs { get; }

    /// <summary>Gets, per node, 1 when the node was pruned.</summary>
    public int[] Pruned { get; }

    public bool IsPruned(int index) => Volatile.Read(ref Pruned[index]) != 0;

    /// <summary>Cuts one regular input of a node; returns <see langword="true"/> when that was its last one (the node is now pruned).</summary>
    public bool Cut(int index)
    {
        if (Interlocked.Decrement(ref LiveInputs[index]) != 0)
        {
            return false;
        }

        Volatile.Write(ref Pruned[index], 1);
        return true;
    }
}
