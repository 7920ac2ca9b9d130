using Kailash.Nodes;

namespace Kailash.Runtime.Engine;

/// <summary>
/// What the parameters concern asks of the validation concern while it binds inputs: the connection contract check
/// of one bound value, and the counts behind the validation metrics. The validation concern implements it; the engine
/// hands it to the parameters concern, so neither depends on the other.
/// </summary>
internal interface IBindingChecks
{
    /// <summary>Checks a value a connection carries against the target input's contract; returns the value to bind.</summary>
    object? CheckConnection(RunContext run, PlanNode node, InputBinding binding, Parameters.ParameterCheck check, object? value);

    void RecordFailure(string code);

    void RecordWarning(string code);

    void CountNodeInputCheck();
}
