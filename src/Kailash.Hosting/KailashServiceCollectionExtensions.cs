using Kailash.Hosting.Runs;
using Kailash.Nodes;
using Kailash.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds Kailash to a service collection: <c>builder.Services.AddKailash(kailash => kailash.AddNode&lt;MyNode&gt;())</c>.</summary>
public static class KailashServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LocalRuntime"/> and <see cref="AsyncLocalRuntime"/> (singletons sharing one set of options),
    /// the container's <see cref="NodeRegistry"/> (built-in nodes plus yours, created with constructor injection), the
    /// served workflows, and <see cref="Kailash.Hosting.KailashOptions"/> bound from the <c>Kailash</c> configuration
    /// section and validated when the host starts. The runtimes use the container's <c>ILoggerFactory</c>,
    /// <see cref="TimeProvider"/>, <c>ISecretProvider</c>, <c>IWorkflowAccessPolicy</c> and <c>IMeterFactory</c> when registered.
    /// The run store named by <c>Kailash:Store</c> (<c>memory</c>, <c>sqlite:PATH</c>, <c>postgres:CONNSTRING</c>) is
    /// registered as <c>IRunStore</c> unless one is registered already, and every run of the registered runtimes is recorded
    /// in it (the in-memory store keeps the newest <c>Kailash:RunHistory</c> finished runs).
    /// May be called more than once; each call adds to the same setup.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Registers nodes, workflows and code-only runtime settings.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddKailash(this IServiceCollection services, Action<Kailash.Hosting.KailashBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(Kailash.Hosting.KailashSetup))?.ImplementationInstance;
        var setup = existing as Kailash.Hosting.KailashSetup ?? new Kailash.Hosting.KailashSetup();
        configure?.Invoke(new Kailash.Hosting.KailashBuilder(services, setup));
        if (existing is not null)
        {
            return services;
        }

        services.AddSingleton(setup);
        services.AddOptions<Kailash.Hosting.KailashOptions>()
            .Configure<IServiceProvider>((options, provider) =>
            {
                if (provider.GetService(typeof(IConfiguration)) is IConfiguration configuration)
                {
                    Kailash.Hosting.KailashOptionsBinder.Bind(configuration.GetSection(Kailash.Hosting.KailashOptions.SectionName), options);
                }
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<Kailash.Hosting.KailashOptions>, Kailash.Hosting.KailashOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => Kailash.Hosting.ContainerNodeRegistry.Create(provider, setup));
        services.TryAddSingleton(provider => new Kailash.Hosting.WorkflowCatalog(provider, setup));
        services.TryAddSingleton(provider => new LocalRuntime(Kailash.Hosting.KailashRuntimeOptionsFactory.Create(provider, setup)));
        services.TryAddSingleton(provider => new AsyncLocalRuntime(Kailash.Hosting.KailashRuntimeOptionsFactory.Create(provider, setup)));
        services.TryAddSingleton(provider => Kailash.Hosting.KailashRuntimeOptionsFactory.OpenStore(provider.GetRequiredService<IOptions<Kailash.Hosting.KailashOptions>>().Value));
        services.TryAddSingleton<RunHost>();
        return services;
    }
}
