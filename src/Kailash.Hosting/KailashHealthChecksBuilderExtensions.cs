using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks for Kailash: <c>services.AddHealthChecks().AddKailash()</c>.</summary>
public static class KailashHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a health check reporting the container's <see cref="AsyncLocalRuntime"/> (in-flight runs, recent failure
    /// rate, circuit breakers, resources) and the served workflows (a workflow file that did not load makes it unhealthy).
    /// </summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name.</param>
    /// <param name="tags">Tags to filter checks by (for example <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddKailash(this IHealthChecksBuilder builder, string name = "kailash", IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.Add(new HealthCheckRegistration(
            name,
            provider => new Kailash.Hosting.KailashHealthCheck(
                new RuntimeHealthCheck(provider.GetRequiredService<AsyncLocalRuntime>()),
                provider.GetRequiredService<Kailash.Hosting.WorkflowCatalog>()),
            failureStatus: null,
            tags));
    }
}
