using System.Diagnostics.Metrics;
using Kailash.Runtime.Analytics;

namespace Kailash.Runtime;

/// <content>Analytics settings: telemetry, in-process aggregates and event retention.</content>
public sealed partial class RuntimeOptions
{
    /// <summary>The default of <see cref="MaxRetainedRuns"/>.</summary>
    public const int DefaultMaxRetainedRuns = 100;

    /// <summary>
    /// Gets or sets a value indicating whether the runtime reports analytics: spans on the <c>Kailash.Runtime</c> activity source,
    /// metrics on the <c>Kailash.Runtime</c> meter (both cost nothing while nobody listens), in-process aggregates and retained runs.
    /// When <see langword="false"/> the per-node hot path does a single flag check: no spans, no allocations, no locks.
    /// Progress reporting and <c>OnNodeCompleted</c>/<c>OnRunCompleted</c> subscriptions work either way.
    /// </summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool EnableAnalytics { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = true;

    /// <summary>
    /// Gets or sets the factory the runtime creates its <c>Kailash.Runtime</c> meter with, so its metrics belong to the
    /// application's host (<c>AddKailash</c> passes the container's <see cref="IMeterFactory"/>) and tests can collect them
    /// in isolation. When <see langword="null"/>, the process-wide meter is used.
    /// </summary>
    /// <value>The default value is <see langword="null"/>.</value>
    public IMeterFactory? MeterFactory { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>Gets or sets a value indicating whether the in-process aggregates (per node type and per workflow) are collected; can be changed later with <c>SetPerformanceMonitoring</c>.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool EnablePerformanceMonitoring { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = true;

    /// <summary>Gets or sets how much is kept about recent runs.</summary>
    /// <value>The default value is <see cref="EventRetention.Summary"/>.</value>
    public EventRetention EventRetention { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = EventRetention.Summary;

    /// <summary>Gets or sets how many recent runs are kept when <see cref="EventRetention"/> is not <see cref="EventRetention.None"/>.</summary>
    /// <value>The default value is 100.</value>
    public int MaxRetainedRuns { get; set => field = OptionsGuard.Set(IsReadOnly, value); } = DefaultMaxRetainedRuns;

    /// <summary>
    /// Gets or sets a value indicating whether node inputs and outputs are recorded on spans and in node-completed events.
    /// Inputs declared secret (<c>NodeParameter.IsSecret</c>) are never recorded.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableSensitiveData { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    /// <summary>
    /// Gets or sets a value indicating whether metrics carry high-cardinality tags: <c>workflow.id</c> on run and node
    /// instruments and <c>kailash.circuit.key</c> on circuit transitions. Off by default, because a tag value per
    /// generated workflow id makes a metrics backend keep one series per id; node type and status tags are always
    /// present, and spans always carry the ids.
    /// </summary>
    /// <value>The default value is <see langword="false"/>.</value>
    public bool EnableHighCardinalityMetricTags { get; set => field = OptionsGuard.Set(IsReadOnly, value); }

    partial void ValidateAnalytics(List<string> errors)
    {
        if (!Enum.IsDefined(EventRetention))
        {
            errors.Add($"EventRetention '{EventRetention}' is not defined; use None, Summary or Full.");
        }

        if (MaxRetainedRuns is < 1 or > 100_000)
        {
            errors.Add($"MaxRetainedRuns must be between 1 and 100,000 (was {MaxRetainedRuns}).");
        }
    }
}
