using Kailash.Orleans.Transport;
using Kailash.Runtime;
using Microsoft.Extensions.Logging;

namespace Kailash.Orleans.Grains;

/// <summary>Drives one run (started or resumed) on the run grain's silo, off the grain's scheduler, and turns its end into a <see cref="RunOutcome"/>.</summary>
internal static class RunDriver
{
    public static RunOutcome Refused(KailashException error) => new(null, PortableResult.ToError(error, null), null);

    /// <summary>Drives the run; <see langword="null"/> when it ended because the silo is stopping (then it is not the run's outcome).</summary>
    public static async Task<RunOutcome?> RunUnlessStoppingAsync(KailashSilo silo, Func<ValueTask<WorkflowRunResult>> drive, string runId, ILogger logger)
    {
        var outcome = await RunAsync(drive, runId, logger).ConfigureAwait(false);
        return silo.IsStopping ? null : outcome;
    }

    public static async Task<RunOutcome> RunAsync(Func<ValueTask<WorkflowRunResult>> drive, string runId, ILogger logger)
    {
        try
        {
            try
            {
                return new RunOutcome(PortableResult.Write(await drive().ConfigureAwait(false)), null, null);
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
            // Refused before any node ran (access policy, parameters, limits, a lease held elsewhere), or a result value that cannot travel.
            return Refused(ex);
        }
        catch (Exception ex)
        {
            ClusterLog.EngineFailed(logger, runId, ex);
            return new RunOutcome(null, PortableResult.ToError(ex, ErrorCodes.NodeFailed), null);
        }
    }
}
