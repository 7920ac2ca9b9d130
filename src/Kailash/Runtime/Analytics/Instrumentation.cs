using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Kailash.Runtime.Analytics;

/// <summary>The process-wide activity source and meter (instruments cost nothing while nobody listens).</summary>
internal static class Instrumentation
{
    private static readonly string? Version = typeof(Instrumentation).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource Source = new(KailashTelemetry.ActivitySourceName, Version);

    public static readonly Meter Meter = new(KailashTelemetry.MeterName, Version);

    public static readonly Counter<long> RunsStarted = Meter.CreateCounter<long>(KailashTelemetry.RunsStarted, KailashTelemetry.RunUnit, "Runs started.");

    public static readonly Counter<long> RunsCompleted = Meter.CreateCounter<long>(KailashTelemetry.RunsCompleted, KailashTelemetry.RunUnit, "Runs that completed.");

    public static readonly Counter<long> RunsFailed = Meter.CreateCounter<long>(KailashTelemetry.RunsFailed, KailashTelemetry.RunUnit, "Runs that failed.");

    public static readonly Counter<long> RunsCancelled = Meter.CreateCounter<long>(KailashTelemetry.RunsCancelled, KailashTelemetry.RunUnit, "Runs that were cancelled.");

    public static readonly Counter<long> NodesStarted = Meter.CreateCounter<long>(KailashTelemetry.NodesStarted, KailashTelemetry.NodeUnit, "Node invocations started.");

    public static readonly Counter<long> NodesCompleted = Meter.CreateCounter<long>(KailashTelemetry.NodesCompleted, KailashTelemetry.NodeUnit, "Node executions that completed.");

    public static readonly Counter<long> NodesFailed = Meter.CreateCounter<long>(KailashTelemetry.NodesFailed, KailashTelemetry.NodeUnit, "Node executions that failed.");

    public static readonly Counter<long> NodesSkipped = Meter.CreateCounter<long>(KailashTelemetry.NodesSkipped, KailashTelemetry.NodeUnit, "Nodes skipped.");

    public static readonly Counter<long> NodesCancelled = Meter.CreateCounter<long>(KailashTelemetry.NodesCancelled, KailashTelemetry.NodeUnit, "Nodes cancelled.");

    public static readonly Counter<long> Retries = Meter.CreateCounter<long>(KailashTelemetry.NodeRetries, "{retry}", "Retries made by node retry policies.");

    public static readonly Counter<long> Timeouts = Meter.CreateCounter<long>(KailashTelemetry.NodeTimeouts, "{timeout}", "Node and attempt timeouts.");

    public static readonly Counter<long> CircuitTransitions = Meter.CreateCounter<long>(KailashTelemetry.CircuitTransitions, "{transition}", "Circuit-breaker state changes.");

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(KailashTelemetry.RunDuration, KailashTelemetry.SecondsUnit, "Run duration.");

    public static readonly Histogram<double> NodeDuration = Meter.CreateHistogram<double>(KailashTelemetry.NodeDuration, KailashTelemetry.SecondsUnit, "Node execution duration, all attempts included.");
}
