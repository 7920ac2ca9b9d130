using Kailash.Nodes;
using Kailash.Orleans.Transport;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.Orleans.Grains;

/// <summary>Runs one node step on an executor's silo: rebuilds the node from the workflow document and runs its body (off the grain's scheduler).</summary>
internal static class StepRunner
{
    public static async Task<StepReport> RunAsync(KailashSilo silo, string siloName, StepRequest request, Workflow? cached, CancellationToken cancellationToken)
    {
        try
        {
            var workflow = cached ?? silo.Load(request.WorkflowJson!, request.WorkflowKey);
            var spec = workflow.GetNode(request.NodeId);
            var inputs = NodeInputs.Create(PortableValues.ReadMap(request.InputsJson) ?? [], request.NodeId);
            var cycle = request.Cycle is { } loop
                ? new CycleState(loop.CycleId, loop.Iteration, TimeSpan.FromTicks(loop.ElapsedTicks), PortableValues.ReadMap(loop.PreviousOutputsJson), loop.MaxIterations)
                : null;
            var options = silo.Runtime.Options;
            var context = new NodeContext(
                request.RunId,
                workflow.Id,
                request.NodeId,
                spec.TypeName,
                isSynchronous: false,
                silo.LoggerFactory.CreateLogger("Kailash.Nodes." + spec.TypeName),
                PortableValues.ReadUser(request.UserJson),
                cycle,
                cancellationToken)
            {
                Permissions = options.Permissions ?? workflow.Registry.Permissions,
                Services = options.Services,
                Attempt = request.Attempt,
            };
            var outputs = await spec.Node.InvokeAsync(inputs, context).ConfigureAwait(false);
            return new StepReport(StepState.Completed, PortableValues.WriteMap(outputs, request.NodeId, "output"), null, siloName);
        }
        catch (Exception ex)
        {
            // The node's own failure (or a value that cannot travel back): reported to the run grain, never thrown across silos.
            return new StepReport(StepState.Failed, null, PortableResult.ToError(ex, null), siloName);
        }
    }
}
