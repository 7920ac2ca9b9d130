using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kailash.Orleans;

/// <summary>Registers the cluster client side of Kailash in an application's services.</summary>
public static class KailashClusterServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ClusterRuntime"/> as a singleton over the application's Orleans <see cref="IGrainFactory"/>
    /// (an <see cref="IClusterClient"/> from <c>UseOrleansClient</c>, or the silo's own when co-hosted).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddKailashClusterRuntime(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new ClusterRuntime(provider.GetRequiredService<IGrainFactory>()));
        return services;
    }
}
