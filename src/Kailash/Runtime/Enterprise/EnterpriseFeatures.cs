using Kailash.Runtime.Analytics;
using Kailash.Runtime.Engine;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// The enterprise features of a runtime (<c>runtime.Enterprise</c>): health, resource and run metrics, performance
/// report and recommendations, the retry engine and circuit breakers. Shared by <see cref="LocalRuntime"/> and
/// <see cref="AsyncLocalRuntime"/>; thread-safe.
/// </summary>
public sealed class EnterpriseFeatures
{
    /// <summary>The recent-run failure rate at or above which the runtime is <see cref="RuntimeHealthStatus.Degraded"/>.</summary>
    public const double DegradedFailureRate = 0.25;

    /// <summary>The recent-run failure rate at or above which the runtime is <see cref="RuntimeHealthStatus.Unhealthy"/>.</summary>
    public const double UnhealthyFailureRate = 0.75;

    /// <summary>The fewest recent runs before the failure rate counts for health.</summary>
    public const int MinRunsForFailureRate = 10;

    /// <summary>The share of <see cref="ResourceLimits.MaxMemoryBytes"/> at or above which the runtime is degraded.</summary>
    public const double MemoryWarningShare = 0.9;

    private readonly BaseRuntime _runtime;

    internal EnterpriseFeatures(BaseRuntime runtime) => _runtime = runtime;

    private ExecutionEngine Engine => _runtime.Engine;

    private NodeExecutionPolicy Policy => Engine.Services.Enterprise;

    /// <summary>Gets the overall health of the runtime.</summary>
    /// <returns>The status; <see cref="GetHealthDiagnostics"/> says why.</returns>
    public RuntimeHealthStatus GetHealthStatus() => GetHealthDiagnostics().Status;

    /// <summary>Gets the runtime's health with the measurements behind it: breaker states, runs in flight, resource saturation, recent failure rate, memory.</summary>
    /// <returns>The report.</returns>
    public RuntimeHealthReport GetHealthDiagnostics()
    {
        var reasons = new List<string>();
        var status = RuntimeHealthStatus.Healthy;
        void Flag(RuntimeHealthStatus level, string reason)
        {
            reasons.Add(reason);
            if (level < status)
            {
                status = level;
            }
        }

        var resources = Policy.Resources.GetMetrics();
        var breakers = GetCircuitBreakers();
        var (rate, runs) = Policy.RecentFailureRate();
        if (_runtime.IsDisposed)
        {
            Flag(RuntimeHealthStatus.Unhealthy, "The runtime has been disposed.");
        }

        foreach (var breaker in breakers)
        {
            if (breaker.State != CircuitState.Closed)
            {
                Flag(RuntimeHealthStatus.Degraded, $"Circuit '{breaker.Key}' is {breaker.State}.");
            }
        }

        foreach (var resource in resources.Resources)
        {
            if (resource.Saturation >= 1 || resource.Queued > 0)
            {
                Flag(RuntimeHealthStatus.Degraded, $"Resource '{resource.Key}' is saturated ({resource.InUse} in use, {resource.Queued} waiting).");
            }
        }

        if (resources.MaxConcurrentRuns is { } maxRuns && resources.InFlightRuns >= maxRuns)
        {
            Flag(RuntimeHealthStatus.Degraded, $"{Internal.Counted.Of(resources.InFlightRuns, "run")} in flight, the MaxConcurrentRuns limit: new runs are rejected.");
        }

        if (resources.MaxMemoryBytes is { } maxMemory && resources.ManagedMemoryBytes >= maxMemory * MemoryWarningShare)
        {
            Flag(RuntimeHealthStatus.Degraded, $"The managed heap ({resources.ManagedMemoryBytes:N0} bytes) is at {(double)resources.ManagedMemoryBytes / maxMemory:P0} of MaxMemoryBytes.");
        }

        if (runs >= MinRunsForFailureRate && rate >= DegradedFailureRate)
        {
            Flag(rate >= UnhealthyFailureRate ? RuntimeHealthStatus.Unhealthy : RuntimeHealthStatus.Degraded, $"{rate:P0} of the last {Internal.Counted.Of(runs, "run")} failed.");
        }

        return new RuntimeHealthReport
        {
            Status = status,
            Reasons = reasons,
            CheckedAt = _runtime.Options.TimeProvider.GetUtcNow(),
            IsDisposed = _runtime.IsDisposed,
            InFlightRuns = resources.InFlightRuns,
            MaxConcurrentRuns = resources.MaxConcurrentRuns,
            RecentFailureRate = rate,
            RecentRuns = runs,
            CircuitBreakers = breakers,
            Resources = resources.Resources,
            ManagedMemoryBytes = resources.ManagedMemoryBytes,
            MaxMemoryBytes = resources.MaxMemoryBytes,
        };
    }

    /// <summary>Creates an <see cref="Microsoft.Extensions.Diagnostics.HealthChecks.IHealthCheck"/> reporting this runtime (register it with <c>services.AddHealthChecks().AddCheck(name, check)</c>).</summary>
    /// <returns>The health check.</returns>
    public RuntimeHealthCheck CreateHealthCheck() => new(_runtime);

    /// <summary>Gets resource use: runs in flight, memory, and each named resource.</summary>
    /// <returns>The metrics.</returns>
    public ResourceMetrics GetResourceMetrics() => Policy.Resources.GetMetrics();

    /// <summary>Gets what one run did, while it is in flight or after it finished (when retained).</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>The metrics, or <see langword="null"/> when the run is unknown, not retained, or analytics is disabled.</returns>
    public RunExecutionMetrics? GetExecutionMetrics(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var telemetry = Engine.Services.Analytics;
        if (telemetry.Aggregates.Find(runId) is not { } record)
        {
            return null;
        }

        return new RunExecutionMetrics
        {
            RunId = record.RunId,
            WorkflowId = record.WorkflowId,
            Status = record.Status,
            StartedAt = record.StartedAt,
            Duration = record.Duration,
            NodesCompleted = record.Completed,
            NodesFailed = record.Failed,
            NodesSkipped = record.Skipped,
            NodesCancelled = record.Cancelled,
            Attempts = record.Attempts,
            CycleIterations = record.CycleIterations,
        };
    }

    /// <summary>
    /// Analyses what was measured (failure rates, time per node type, retries, circuits, resource saturation, rejected runs,
    /// plan-cache hits) and returns concrete recommendations. It changes nothing in the runtime.
    /// </summary>
    /// <returns>The recommendations; empty when nothing stands out.</returns>
    public IReadOnlyList<PerformanceRecommendation> OptimizeRuntimePerformance()
        => PerformanceAdvisor.Recommend(Engine.Services.Analytics.Enabled, Analytics(), Policy.Retry.GetAnalytics(), Policy.Resources.GetMetrics(), GetCircuitBreakers());

    /// <summary>Gets everything measured about the runtime's performance, with recommendations.</summary>
    /// <returns>The report.</returns>
    public PerformanceReport GetPerformanceReport()
    {
        var analytics = Analytics();
        var retry = Policy.Retry.GetAnalytics();
        var resources = Policy.Resources.GetMetrics();
        var breakers = GetCircuitBreakers();
        var slowest = new List<ExecutionStatistics>(analytics.NodeTypes);
        slowest.Sort(static (a, b) => b.P95.CompareTo(a.P95));
        if (slowest.Count > 5)
        {
            slowest.RemoveRange(5, slowest.Count - 5);
        }

        return new PerformanceReport
        {
            GeneratedAt = _runtime.Options.TimeProvider.GetUtcNow(),
            Metrics = Engine.Services.Analytics.GetRuntimeMetrics(Policy.Resources.InFlightRuns, Engine.PlanCacheHits, Engine.PlanCacheMisses),
            Workflows = analytics.Workflows,
            NodeTypes = analytics.NodeTypes,
            SlowestNodeTypes = slowest,
            Retry = retry,
            Resources = resources,
            CircuitBreakers = breakers,
            Recommendations = PerformanceAdvisor.Recommend(Engine.Services.Analytics.Enabled, analytics, retry, resources, breakers),
        };
    }

    /// <summary>Gets the runtime's retry engine: default policy, named strategies, exception rules, classifier and metrics.</summary>
    /// <returns>The retry engine (one per runtime).</returns>
    public RetryPolicyEngine GetRetryPolicyEngine() => Policy.Retry;

    /// <summary>Gets what the retry policies have done: attempts, successes after retry, exhausted, by exception type and by node.</summary>
    /// <returns>A snapshot.</returns>
    public RetryAnalytics GetRetryAnalytics() => Policy.Retry.GetAnalytics();

    /// <summary>
    /// Registers a named retry strategy nodes can refer to (<c>WithRetry(nodeId, name)</c> or <c>retry: name</c> in a
    /// file). Thread-safe; nodes already planned pick it up on their next execution. A name that is already registered is
    /// refused (<c>KWF055</c>) unless <paramref name="replace"/> is <see langword="true"/>.
    /// </summary>
    /// <param name="name">The strategy name: 1–100 letters, digits, '_', '-', '.' or ':' (<c>KWF054</c> otherwise).</param>
    /// <param name="options">The policy (copied).</param>
    /// <param name="replace">Whether an existing strategy of that name may be replaced.</param>
    public void RegisterRetryStrategy(string name, RetryPolicyOptions options, bool replace = false) => Policy.Retry.RegisterStrategy(name, options, replace);

    /// <summary>Makes <typeparamref name="T"/> (and subclasses) retriable for every retry policy of the runtime, unless a policy excludes it.</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    public void AddRetriableException<T>()
        where T : Exception
        => Policy.Retry.AddRetriableException<T>();

    /// <summary>Makes <typeparamref name="T"/> (and subclasses) non-retriable for every retry policy of the runtime, unless a policy lists it.</summary>
    /// <typeparam name="T">The exception type.</typeparam>
    public void AddNonRetriableException<T>()
        where T : Exception
        => Policy.Retry.AddNonRetriableException<T>();

    /// <summary>Clears the retry metrics.</summary>
    public void ResetRetryMetrics() => Policy.Retry.ResetMetrics();

    /// <summary>Gets the state of every circuit breaker, ordered by key.</summary>
    /// <returns>The snapshots.</returns>
    public IReadOnlyList<CircuitBreakerSnapshot> GetCircuitBreakers()
    {
        var list = new List<CircuitBreakerSnapshot>();
        foreach (var breaker in Policy.Breakers)
        {
            list.Add(breaker.Snapshot());
        }

        list.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return list;
    }

    /// <summary>Closes a circuit and clears its counts.</summary>
    /// <param name="key">The circuit key (a shared key, or <c>workflowId/nodeId</c>).</param>
    /// <returns><see langword="false"/> when no circuit has that key.</returns>
    public bool ResetCircuitBreaker(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Policy.TryGetBreaker(key, out var breaker))
        {
            return false;
        }

        breaker.Reset();
        Engine.Services.Analytics.OnCircuitStateChanged(key, CircuitState.Closed);
        return true;
    }

    /// <summary>Opens a circuit now (for example to take a dependency out of service); it half-opens after its break duration.</summary>
    /// <param name="key">The circuit key.</param>
    /// <returns><see langword="false"/> when no circuit has that key.</returns>
    public bool IsolateCircuitBreaker(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!Policy.TryGetBreaker(key, out var breaker))
        {
            return false;
        }

        breaker.Isolate();
        Engine.Services.Analytics.OnCircuitStateChanged(key, CircuitState.Open);
        return true;
    }

    private ExecutionAnalytics Analytics() => Engine.Services.Analytics.Aggregates.Snapshot(Engine.PlanCacheHits, Engine.PlanCacheMisses);
}
