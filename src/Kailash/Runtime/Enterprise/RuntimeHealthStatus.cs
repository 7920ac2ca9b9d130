namespace Kailash.Runtime.Enterprise;

/// <summary>The overall health of a runtime (maps one-to-one to <c>Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus</c>).</summary>
public enum RuntimeHealthStatus
{
    /// <summary>The runtime has been disposed, or most recent runs failed.</summary>
    Unhealthy,

    /// <summary>The runtime works but something needs attention: an open or half-open circuit, a saturated resource, the run limit reached, memory near its limit, or many recent failures.</summary>
    Degraded,

    /// <summary>Nothing needs attention.</summary>
    Healthy,
}
