namespace Kailash.Runtime.Engine;

/// <summary>
/// What the enterprise concern reports while it invokes nodes under their policies (retries, timeouts, circuit
/// transitions). The analytics concern implements it; the engine hands it to the enterprise concern, so neither
/// depends on the other.
/// </summary>
internal interface IResilienceEvents
{
    void OnRetry(string workflowId, PlanNode node, int attempt, Exception? exception, TimeSpan delay);

    void OnNodeTimeout(string workflowId, PlanNode node, TimeSpan timeout, bool perAttempt);

    void OnCircuitStateChanged(string key, Enterprise.CircuitState state);
}
