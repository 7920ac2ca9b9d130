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
                return new RunOutcome(PortableResult.Write(ex.Result), null, ex.NodeId);
            }
            catch (WorkflowCancelledException ex)
            {
                return new RunOutcome(PortableResult.Write(ex.Result), null, null);
            }
        }
        catch (KailashException ex)
        {
            // Refused before any node ran (access policy, parameters, limits), or a result value that cannot travel.
            return Refused(ex);
        }
        catch (WorkflowValidationException ex)
        {
            // Parameters or templates refused before any node ran: the caller throws the same validation errors.
            return new RunOutcome(null, PortableResult.ToError(ex, null), null);
        }
        catch (Exception ex)
        {
            ClusterLog.EngineFailed(logger, settings.RunId, ex);
            return new RunOutcome(null, PortableResult.ToError(ex, ErrorCodes.NodeFailed), null);
        }
    }
}
