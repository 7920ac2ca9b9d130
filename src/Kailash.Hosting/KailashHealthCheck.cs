using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kailash.Hosting;

/// <summary>The runtime's health, made unhealthy when a served workflow file did not load.</summary>
internal sealed class KailashHealthCheck(RuntimeHealthCheck runtime, WorkflowCatalog catalog) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await runtime.CheckHealthAsync(context, cancellationToken).ConfigureAwait(false);
        if (catalog.Problems.Count == 0)
        {
            return result;
        }

        var data = new Dictionary<string, object>(result.Data, StringComparer.Ordinal) { ["workflow_problems"] = catalog.Problems.Count };
        return new HealthCheckResult(HealthStatus.Unhealthy, string.Join(" ", [.. catalog.Problems, result.Description]), null, data);
    }
}
