using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Serialization;

namespace Kailash.Orleans;

/// <summary>Registers Kailash on an Orleans silo: the run and executor grains, the node registry and the engine they use.</summary>
public static class KailashSiloBuilderExtensions
{
    /// <summary>
    /// Lets this silo coordinate Kailash runs and execute their node steps. Call it on every silo of the cluster, with the
    /// same node registry (workflows travel as their documents and are loaded on each silo with it).
    /// </summary>
    /// <param name="builder">The silo builder.</param>
    /// <param name="configure">Sets the registry, the engine's options and the step polling settings.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddKailash(this ISiloBuilder builder, Action<KailashSiloOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<KailashSiloOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton<KailashSilo>();
        builder.Services.AddHostedService<RecoverySweep>();
        builder.Services.AddSerializer(serializer => serializer.AddAssembly(typeof(KailashSilo).Assembly));
        return builder;
    }
}
