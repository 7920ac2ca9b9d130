using Kailash.AspNetCore;
using Kailash.Runtime.Validation;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Feeds ASP.NET Core authorization policies into Kailash's <see cref="IWorkflowAccessPolicy"/>.</summary>
public static class KailashAuthorizationServiceCollectionExtensions
{
    /// <summary>
    /// Registers an <see cref="IWorkflowAccessPolicy"/> that evaluates ASP.NET Core authorization policies (roles,
    /// claims, custom requirements; the workflow is the resource) for the user a run is for. The HTTP endpoints ask it
    /// before starting a run (403, nothing runs) and the runtime asks it again when the run starts.
    /// </summary>
    /// <param name="services">The service collection (call <c>AddAuthorization</c> to define the policies).</param>
    /// <param name="configure">Names the policy of each workflow.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddKailashAuthorization(this IServiceCollection services, Action<KailashAuthorizationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddAuthorizationCore();
        services.Configure(configure);
        services.RemoveAll<IWorkflowAccessPolicy>();
        services.AddSingleton<IWorkflowAccessPolicy, AuthorizationWorkflowAccessPolicy>();
        return services;
    }
}
