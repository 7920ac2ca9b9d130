using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Reports a runtime's health to <c>Microsoft.Extensions.Diagnostics.HealthChecks</c>:
/// <c>services.AddHealthChecks().AddCheck("kailash", new RuntimeHealthCheck(runtime))</c>.
/// The status maps one-to-one; the description lists the reasons; the data holds the measurements.
/// </summary>
public sealed class RuntimeHealthCheck : IHealthCheck
{
    private readonly BaseRuntime _runtime;

    /// <summary>Initializes a new instance of the <see cref="RuntimeHealthCheck"/> class.</summary>
    /// <param name="runtime">The runtime to report.</param>
    public RuntimeHealthCheck(BaseRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
    }

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = _runtime.Enterprise.GetHealthDiagnostics();
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["in_flight_runs"] = report.InFlightRuns,
            ["recent_failure_rate"] = report.RecentFailureRate,
            ["recent_runs"] = report.RecentRuns,
            ["managed_memory_bytes"] = report.ManagedMemoryBytes,
        };
        foreach (var breaker in report.CircuitBreakers)
        {
            data["circuit:" + breaker.Key] = breaker.State.ToString();
        }

        foreach (var resource in report.Resources)
        {
            data["resource:" + resource.Key] = resource.Saturation;
        }

        var status = report.Status switch
        {
            RuntimeHealthStatus.Healthy => HealthStatus.Healthy,
            RuntimeHealthStatus.Degraded => HealthStatus.Degraded,
            _ => HealthStatus.Unhealthy,
        };
        var description = report.Reasons.Count == 0 ? "The Kailash runtime is healthy." : string.Join(" ", report.Reasons);
        return Task.FromResult(new HealthCheckResult(status, description, null, data));
    }
}
