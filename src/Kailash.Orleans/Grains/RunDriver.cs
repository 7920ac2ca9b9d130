using Kailash.Orleans.Transport;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.Orleans.Grains;

/// <summary>Drives one run on the run grain's silo (off the grain's scheduler) and turns its end into a <see cref="RunOutcome"/>.</summary>
internal static class RunDriver
{
    public static RunOutcome Refused(KailashException error) => new(null, PortableResult.ToError(error, null), null);

    public static async Task<RunOutcome> RunAsync(KailashSilo silo, Workflow workflow, Dictionary<string, object?>? parameters, RunSettings settings, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            try
            {
                var result = await silo.Runtime.ExecuteAsync(workflow, parameters, settings, cancellationToken).ConfigureAwait(false);
                return new RunOutcome(PortableResult.Write(result), null, null);
            }
            catch (WorkflowExecutionException ex)
            {
                // A cycle that failed as a whole names no node: pass the first failed node, as the local runtimes pick it.
                var stoppedAt = ex.NodeId ?? ex.Result.Results.First(r => r.Value.Status == NodeStatus.Failed).Key;
                return new RunOutcome(PortableResult.Write(ex.Result), null, stoppedAt);
            }
            catch (WorkflowCancelledException ex)
            {
                return new RunOutcome(PortableResult.Write(ex.Result), null, null);
            }
        }
        catch (Kailash.Workflows.WorkflowValidationException ex)
        {
            // Refused as invalid before any node ran (parameter values checked at admission): every problem travels.
            return new RunOutcome(null, PortableResult.ToError(ex, ex.Code), null, [.. ex.Errors.Select(e => new PortableValidationError(e.Code, e.Message, e.NodeId, e.Port, e.Location))]);
        }
        catch (KailashException ex)
        {
            // Refused before any node ran (access policy, parameters, limits), or a result value that cannot travel.
            return Refused(ex);
        }
        catch (Exception ex)
        {
            ClusterLog.EngineFailed(logger, settings.RunId, ex);
            return new RunOutcome(null, PortableResult.ToError(ex, ErrorCodes.NodeFailed), null);
        }
    }
}
