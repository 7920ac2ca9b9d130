using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary>
/// The smallest engine that exercises only the parameters concern: a plan, the run-start checks and the binder, with
/// upstream results set by hand instead of running nodes.
/// </summary>
internal sealed class BindingHarness
{
    public BindingHarness(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters = null, RuntimeOptions? options = null, UserContext? user = null)
    {
        var runtimeOptions = options ?? new RuntimeOptions();
        runtimeOptions.Validate();
        Services = new RuntimeServices(runtimeOptions);
        Plan = ExecutionPlanBuilder.Build(workflow);
        var admitted = Services.Admission.AdmitAsync(Plan, parameters, user, isSynchronous: true, CancellationToken.None);
        Run = new RunContext(Plan, Services, new RunState(Plan, "run-1"), isSynchronous: true, admitted.IsCompletedSuccessfully ? admitted.Result : admitted.AsTask().GetAwaiter().GetResult(), user, null, CancellationToken.None);
    }

    public RuntimeServices Services { get; }

    public ExecutionPlan Plan { get; }

    public RunContext Run { get; }

    /// <summary>Records a completed upstream node with the given outputs.</summary>
    public BindingHarness Completed(string nodeId, Dictionary<string, object?> outputs)
    {
        RunRecorder.Record(Run, Plan.Nodes[Plan.IndexById[nodeId]], new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, 1, TimeSpan.Zero));
        return this;
    }

    /// <summary>Binds a node's inputs and runs the post-binding contract check, as the engine does before invoking it.</summary>
    public NodeInputs Bind(string nodeId)
    {
        var node = Plan.Nodes[Plan.IndexById[nodeId]];
        var inputs = Services.Parameters.Bind(Run, node);
        Services.Contracts.Check(Run, node, inputs);
        return inputs;
    }

    public KailashException BindFails(string nodeId) => Assert.ThrowsAny<KailashException>(() => Bind(nodeId));

    /// <summary>Asserts that the run's admission refuses these parameters before any node runs, and returns the first problem.</summary>
    public static WorkflowError Refused(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RuntimeOptions? options = null)
        => Assert.Throws<WorkflowValidationException>(() => new BindingHarness(workflow, parameters, options)).Errors[0];
}
