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

        // A persistent store (Kailash:Store = sqlite:… or postgres:…) records every run, so runs survive a restart and
        // can be resumed; the in-memory default records nothing (it would only grow with every run of a long-lived host).
        if (services.GetService<Kailash.Durability.IRunStore>() is { } store and not Kailash.Durability.InMemoryRunStore)
        {
            options.RunStore = store;
        }

        foreach (var configure in setup.RuntimeConfigurations)
        {
            configure(services, options);
        }

        return options;
    }

    private static ISecretProvider? SecretsFromSettings(KailashOptions settings, IServiceProvider services)
        => settings.Secrets.ToUpperInvariant() switch
        {
            "CONFIGURATION" => new ConfigurationSecretProvider(services.GetRequiredService<IConfiguration>()),
            "NONE" => null,
            _ => new EnvironmentSecretProvider(),
        };
}
