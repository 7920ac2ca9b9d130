using System.Diagnostics.Metrics;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kailash.Hosting;

/// <summary>Builds the <see cref="RuntimeOptions"/> both registered runtimes get: configuration, then container services, then code.</summary>
internal static class KailashRuntimeOptionsFactory
{
    /// <summary>The plain-value settings only (no services): what validation on start checks.</summary>
    public static RuntimeOptions FromSettings(KailashOptions settings) => new()
    {
        MaxConcurrency = settings.MaxConcurrency,
        ErrorPolicy = settings.ErrorPolicy,
        MaxSteps = settings.MaxSteps,
        RunTimeout = settings.RunTimeout,
        DefaultNodeTimeout = settings.DefaultNodeTimeout,
        ConditionalExecution = settings.ConditionalExecution,
        ConnectionValidation = settings.ConnectionValidation,
        UnknownParameters = settings.UnknownParameters,
        EnableAnalytics = settings.EnableAnalytics,
        EventRetention = settings.EventRetention,
    };

    public static RuntimeOptions Create(IServiceProvider services, KailashSetup setup)
    {
        var settings = services.GetRequiredService<IOptions<KailashOptions>>().Value;
        var options = FromSettings(settings);
        options.LoggerFactory = services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        options.TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System;
        options.SecretProvider = services.GetService<ISecretProvider>() ?? SecretsFromSettings(settings, services);
        options.AccessPolicy = services.GetService<IWorkflowAccessPolicy>();
        options.MeterFactory = services.GetService<IMeterFactory>();

        // The store records every run: the one source of the HTTP API's runs and events (WatchAsync). A persistent store
        // (Kailash:Store = sqlite:… or postgres:…) makes runs survive a restart and resumable; the in-memory default
        // keeps the newest Kailash:RunHistory finished runs (see OpenStore), so a long-lived host does not grow without end.
        options.RunStore = services.GetService<Kailash.Durability.IRunStore>();

        foreach (var configure in setup.RuntimeConfigurations)
        {
            configure(services, options);
        }

        return options;
    }

    /// <summary>Opens the store <c>Kailash:Store</c> names; the in-memory one forgets the oldest finished runs beyond <see cref="KailashOptions.RunHistory"/>.</summary>
    public static Kailash.Durability.IRunStore OpenStore(KailashOptions settings)
        => Kailash.Durability.RunStoreSpec.Open(settings.StoreSpec) switch
        {
            Kailash.Durability.InMemoryRunStore => new Kailash.Durability.InMemoryRunStore { MaxFinishedRuns = settings.RunHistory },
            var store => store,
        };

    private static ISecretProvider? SecretsFromSettings(KailashOptions settings, IServiceProvider services)
        => settings.Secrets.ToUpperInvariant() switch
        {
            "CONFIGURATION" => new ConfigurationSecretProvider(services.GetRequiredService<IConfiguration>()),
            "NONE" => null,
            _ => new EnvironmentSecretProvider(),
        };
}
