namespace Kailash.Runtime.Analytics;

/// <summary>
/// Names of the runtime's telemetry. Wire the runtime to OpenTelemetry with
/// <c>tracing.AddSource(KailashTelemetry.ActivitySourceName)</c> and <c>metrics.AddMeter(KailashTelemetry.MeterName)</c>;
/// no adapter is needed.
/// </summary>
public static class KailashTelemetry
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that emits one span per run and per node.</summary>
    public const string ActivitySourceName = "Kailash.Runtime";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> with the runtime's counters and histograms.</summary>
    public const string MeterName = "Kailash.Runtime";

    /// <summary>The operation name of a run span.</summary>
    public const string RunActivityName = "kailash.run";

    /// <summary>The operation name of a node span.</summary>
    public const string NodeActivityName = "kailash.node";

    /// <summary>Counter: runs started (unit <c>{run}</c>; tag <see cref="WorkflowIdTag"/>).</summary>
    public const string RunsStarted = "kailash.runs.started";

    /// <summary>Counter: runs that completed successfully.</summary>
    public const string RunsCompleted = "kailash.runs.completed";

    /// <summary>Counter: runs that failed.</summary>
    public const string RunsFailed = "kailash.runs.failed";

    /// <summary>Counter: runs that were cancelled.</summary>
    public const string RunsCancelled = "kailash.runs.cancelled";

    /// <summary>Counter: node invocations started (unit <c>{node}</c>; tags <see cref="WorkflowIdTag"/>, <see cref="NodeTypeTag"/>).</summary>
    public const string NodesStarted = "kailash.nodes.started";

    /// <summary>Counter: node executions that completed.</summary>
    public const string NodesCompleted = "kailash.nodes.completed";

    /// <summary>Counter: node executions that failed.</summary>
    public const string NodesFailed = "kailash.nodes.failed";

    /// <summary>Counter: nodes skipped (conditional routing, upstream failure, stopped run).</summary>
    public const string NodesSkipped = "kailash.nodes.skipped";

    /// <summary>Counter: nodes cancelled.</summary>
    public const string NodesCancelled = "kailash.nodes.cancelled";

    /// <summary>Counter: retries made by retry policies (unit <c>{retry}</c>).</summary>
    public const string NodeRetries = "kailash.node.retries";

    /// <summary>Counter: node or attempt timeouts (unit <c>{timeout}</c>).</summary>
    public const string NodeTimeouts = "kailash.node.timeouts";

    /// <summary>Counter: circuit-breaker state changes (unit <c>{transition}</c>; tags <see cref="CircuitKeyTag"/>, <see cref="CircuitStateTag"/>).</summary>
    public const string CircuitTransitions = "kailash.circuit_breaker.transitions";

    /// <summary>Histogram: run duration (unit <c>s</c>; tag <see cref="WorkflowIdTag"/>).</summary>
    public const string RunDuration = "kailash.run.duration";

    /// <summary>Histogram: node execution duration, all attempts included (unit <c>s</c>; tags <see cref="WorkflowIdTag"/>, <see cref="NodeTypeTag"/>).</summary>
    public const string NodeDuration = "kailash.node.duration";

    /// <summary>The unit of run counters.</summary>
    public const string RunUnit = "{run}";

    /// <summary>The unit of node counters.</summary>
    public const string NodeUnit = "{node}";

    /// <summary>The unit of duration histograms (seconds).</summary>
    public const string SecondsUnit = "s";

    /// <summary>Tag: the workflow id (spans always; metrics only with <c>RuntimeOptions.EnableHighCardinalityMetricTags</c>).</summary>
    public const string WorkflowIdTag = "workflow.id";

    /// <summary>Tag: the node type (metrics and node spans).</summary>
    public const string NodeTypeTag = "node.type";

    /// <summary>Tag: the node id (node spans only; too many values for metrics).</summary>
    public const string NodeIdTag = "node.id";

    /// <summary>Tag: the run id (spans only).</summary>
    public const string RunIdTag = "run.id";

    /// <summary>Tag: the node's or run's final status.</summary>
    public const string StatusTag = "kailash.status";

    /// <summary>Tag: how many attempts a node made.</summary>
    public const string AttemptsTag = "kailash.node.attempts";

    /// <summary>Tag: why a node was skipped.</summary>
    public const string SkipReasonTag = "kailash.node.skip_reason";

    /// <summary>Tag: the Kailash error code of a failure.</summary>
    public const string ErrorCodeTag = "kailash.error.code";

    /// <summary>Tag: the full type name of a failure's exception (OpenTelemetry's <c>error.type</c>).</summary>
    public const string ErrorTypeTag = "error.type";

    /// <summary>Tag: the node's inputs as JSON (only with <c>EnableSensitiveData</c>; secret inputs never).</summary>
    public const string InputsTag = "kailash.node.inputs";

    /// <summary>Tag: the node's outputs as JSON (only with <c>EnableSensitiveData</c>).</summary>
    public const string OutputsTag = "kailash.node.outputs";

    /// <summary>Tag: a circuit key.</summary>
    public const string CircuitKeyTag = "kailash.circuit.key";

    /// <summary>Tag: a circuit's new state.</summary>
    public const string CircuitStateTag = "kailash.circuit.state";

    /// <summary>Span event: a node attempt failed and will be retried.</summary>
    public const string RetryEventName = "kailash.retry";

    /// <summary>Span event: a node or attempt timed out.</summary>
    public const string TimeoutEventName = "kailash.timeout";
}
