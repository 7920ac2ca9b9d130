using Kailash.Runtime;
using Kailash.Runtime.Analytics;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;

namespace Kailash.Hosting;

/// <summary>
/// The settings of the <c>Kailash</c> configuration section (appsettings.json, environment variables
/// <c>Kailash__MaxConcurrency</c>, command line…). Bound by <c>services.AddKailash()</c> and validated when the host
/// starts: every problem (unknown keys, values that do not convert, invalid runtime settings) is reported together.
/// Settings that are not plain values (retry policies, resources, access policies) are set in code with
/// <see cref="KailashBuilder.ConfigureRuntime"/>.
/// </summary>
public sealed class KailashOptions
{
    /// <summary>The name of the configuration section: <c>Kailash</c>.</summary>
    public const string SectionName = "Kailash";

    /// <summary>Gets or sets how many nodes the async runtime may run at once (<see cref="RuntimeOptions.MaxConcurrency"/>).</summary>
    public int MaxConcurrency { get; set; } = RuntimeOptions.DefaultMaxConcurrency;

    /// <summary>Gets or sets what a run does when a node fails (<see cref="RuntimeOptions.ErrorPolicy"/>).</summary>
    public ErrorPolicy ErrorPolicy { get; set; } = ErrorPolicy.Stop;

    /// <summary>Gets or sets the global step budget of one run (<see cref="RuntimeOptions.MaxSteps"/>).</summary>
    public long MaxSteps { get; set; } = RuntimeOptions.DefaultMaxSteps;

    /// <summary>Gets or sets a time limit for a whole run, for example <c>00:05:00</c> (<see cref="RuntimeOptions.RunTimeout"/>).</summary>
    public TimeSpan? RunTimeout { get; set; }

    /// <summary>Gets or sets a default time limit for every node (<see cref="RuntimeOptions.DefaultNodeTimeout"/>).</summary>
    public TimeSpan? DefaultNodeTimeout { get; set; }

    /// <summary>Gets or sets the conditional execution mode (<see cref="RuntimeOptions.ConditionalExecution"/>).</summary>
    public ConditionalExecutionMode ConditionalExecution { get; set; } = ConditionalExecutionMode.RouteData;

    /// <summary>Gets or sets how connection contracts are checked (<see cref="RuntimeOptions.ConnectionValidation"/>).</summary>
    public ConnectionValidationMode ConnectionValidation { get; set; } = ConnectionValidationMode.Strict;

    /// <summary>Gets or sets what happens to parameter keys nothing declares (<see cref="RuntimeOptions.UnknownParameters"/>).</summary>
    public UnknownParameterHandling UnknownParameters { get; set; } = UnknownParameterHandling.Error;

    /// <summary>Gets or sets a value indicating whether run analytics are kept (<see cref="RuntimeOptions.EnableAnalytics"/>).</summary>
    public bool EnableAnalytics { get; set; } = true;

    /// <summary>Gets or sets how much of each run's events is retained (<see cref="RuntimeOptions.EventRetention"/>).</summary>
    public EventRetention EventRetention { get; set; } = EventRetention.Summary;

    /// <summary>Gets or sets where <c>{"$secret": NAME}</c> values come from: <c>environment</c> (default), <c>configuration</c> or <c>none</c>.</summary>
    /// <remarks>An <see cref="ISecretProvider"/> registered in the container wins over this setting.</remarks>
    public string Secrets { get; set; } = "environment";

    /// <summary>
    /// Gets or sets the run store registered as <c>IRunStore</c>: <c>memory</c> (default; this process only),
    /// <c>sqlite:PATH</c> or <c>postgres:CONNSTRING</c> (<see cref="Kailash.Durability.RunStoreSpec"/>); a bare
    /// <c>sqlite</c> or <c>postgres</c> takes <see cref="StoreConnectionString"/>.
    /// </summary>
    public string Store { get; set; } = "memory";

    /// <summary>Gets or sets the run store's connection string when <see cref="Store"/> names only the kind (<c>postgres</c>).</summary>
    public string? StoreConnectionString { get; set; }

    /// <summary>Gets or sets a value indicating whether workflows may contain code nodes (<c>CSharpCodeNode</c>, <c>PythonCodeNode</c>); off by default, so a served file that needs them is refused.</summary>
    public bool AllowCode { get; set; }

    /// <summary>Gets or sets a folder of workflow files (.json, .yaml, .yml) to serve; every file must load.</summary>
    public string? WorkflowsDirectory { get; set; }

    /// <summary>Gets or sets how many finished runs the in-memory run store keeps before the oldest are forgotten (persistent stores follow their retention policy).</summary>
    public int RunHistory { get; set; } = 10_000;

    /// <summary>Gets or sets the largest HTTP request body the endpoints accept, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1_048_576;

    /// <summary>Gets the run store specification <see cref="Store"/> and <see cref="StoreConnectionString"/> make together.</summary>
    internal string StoreSpec
        => Store.Contains(':', StringComparison.Ordinal) ? Store
            : Store.Equals("memory", StringComparison.OrdinalIgnoreCase) ? "memory:"
            : $"{Store}:{StoreConnectionString}";

    /// <summary>Gets the problems found while binding the configuration section (unknown keys, values that do not convert).</summary>
    internal List<string> BindingErrors { get; } = [];
}
