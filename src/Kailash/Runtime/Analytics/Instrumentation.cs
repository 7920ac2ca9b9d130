using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The activity source and the instruments of one <c>Kailash.Runtime</c> meter (instruments cost nothing while nobody
/// listens). <see cref="Default"/> is on the process-wide meter; <see cref="For(IMeterFactory)"/> gives the instruments of
/// the meter an application's <see cref="IMeterFactory"/> creates (one per factory, so each host's metrics stay its own).
/// </summary>
internal sealed class Instrumentation
{
    private static readonly string? Version = typeof(Instrumentation).Assembly.GetName().Version?.ToString();

    private static readonly ConditionalWeakTable<Meter, Instrumentation> ByMeter = [];

    public static readonly ActivitySource Source = new(KailashTelemetry.ActivitySourceName, Version);

    /// <summary>Gets the instruments on the process-wide meter: the fallback when no <see cref="IMeterFactory"/> is configured.</summary>
    public static Instrumentation Default { get; } = new(new Meter(KailashTelemetry.MeterName, Version));

    private Instrumentation(Meter meter)
    {
        Meter = meter;
        RunsStarted = Meter.CreateCounter<long>(KailashTelemetry.RunsStarted, KailashTelemetry.RunUnit, "Runs started.");
        RunsCompleted = Meter.CreateCounter<long>(KailashTelemetry.RunsCompleted, KailashTelemetry.RunUnit, "Runs that completed.");
        RunsFailed = Meter.CreateCounter<long>(KailashTelemetry.RunsFailed, KailashTelemetry.RunUnit, "Runs that failed.");
        RunsCancelled = Meter.CreateCounter<long>(KailashTelemetry.RunsCancelled, KailashTelemetry.RunUnit, "Runs that were cancelled.");
        NodesStarted = Meter.CreateCounter<long>(KailashTelemetry.NodesStarted, KailashTelemetry.NodeUnit, "Node invocations started.");
        NodesCompleted = Meter.CreateCounter<long>(KailashTelemetry.NodesCompleted, KailashTelemetry.NodeUnit, "Node executions that completed.");
        NodesFailed = Meter.CreateCounter<long>(KailashTelemetry.NodesFailed, KailashTelemetry.NodeUnit, "Node executions that failed.");
        NodesSkipped = Meter.CreateCounter<long>(KailashTelemetry.NodesSkipped, KailashTelemetry.NodeUnit, "Nodes skipped.");
        NodesCancelled = Meter.CreateCounter<long>(KailashTelemetry.NodesCancelled, KailashTelemetry.NodeUnit, "Nodes cancelled.");
        Retries = Meter.CreateCounter<long>(KailashTelemetry.NodeRetries, "{retry}", "Retries made by node retry policies.");
        Timeouts = Meter.CreateCounter<long>(KailashTelemetry.NodeTimeouts, "{timeout}", "Node and attempt timeouts.");
        CircuitTransitions = Meter.CreateCounter<long>(KailashTelemetry.CircuitTransitions, "{transition}", "Circuit-breaker state changes.");
        RunDuration = Meter.CreateHistogram<double>(KailashTelemetry.RunDuration, KailashTelemetry.SecondsUnit, "Run duration.");
        NodeDuration = Meter.CreateHistogram<double>(KailashTelemetry.NodeDuration, KailashTelemetry.SecondsUnit, "Node execution duration, all attempts included.");
    }

    /// <summary>Gets the meter the instruments belong to.</summary>
    public Meter Meter { get; }

    public Counter<long> RunsStarted { get; }

    public Counter<long> RunsCompleted { get; }

    public Counter<long> RunsFailed { get; }

    public Counter<long> RunsCancelled { get; }

    public Counter<long> NodesStarted { get; }

    public Counter<long> NodesCompleted { get; }

    public Counter<long> NodesFailed { get; }

    public Counter<long> NodesSkipped { get; }

    public Counter<long> NodesCancelled { get; }

    public Counter<long> Retries { get; }

    public Counter<long> Timeouts { get; }

    public Counter<long> CircuitTransitions { get; }

    public Histogram<double> RunDuration { get; }

    public Histogram<double> NodeDuration { get; }

    /// <summary>The instruments of the <c>Kailash.Runtime</c> meter created by <paramref name="factory"/> (the factory caches the meter).</summary>
    public static Instrumentation For(IMeterFactory factory)
    {
        var meter = factory.Create(new MeterOptions(KailashTelemetry.MeterName) { Version = Version });
        return ByMeter.GetValue(meter, static m => new Instrumentation(m));
    }
}
