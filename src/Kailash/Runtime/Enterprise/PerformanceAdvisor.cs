using System.Globalization;
using Kailash.Runtime.Analytics;

namespace Kailash.Runtime.Enterprise;

/// <summary>Turns measured data into recommendations. Every rule needs enough data to be meaningful; thresholds are constants.</summary>
internal static class PerformanceAdvisor
{
    /// <summary>The fewest executions a node type or node needs before it is judged.</summary>
    public const int MinExecutions = 20;

    /// <summary>The failure rate above which a node type without a retry policy gets a retry recommendation.</summary>
    public const double FailureRateForRetry = 0.10;

    /// <summary>The share of retried executions that exhausted their attempts above which retries look useless.</summary>
    public const double ExhaustedShare = 0.5;

    /// <summary>The share of all node time above which one node type is called the bottleneck.</summary>
    public const double DominantTimeShare = 0.5;

    public static List<PerformanceRecommendation> Recommend(
        bool analyticsEnabled,
        ExecutionAnalytics analytics,
        RetryAnalytics retry,
        ResourceMetrics resources,
        IReadOnlyList<CircuitBreakerSnapshot> breakers)
    {
        var list = new List<PerformanceRecommendation>();
        if (!analyticsEnabled)
        {
            list.Add(new PerformanceRecommendation
            {
                Category = "analytics",
                Subject = "runtime",
                Recommendation = "Enable RuntimeOptions.EnableAnalytics to measure node and run performance; only retry, circuit and resource data is available now.",
                Evidence = "EnableAnalytics = false",
            });
        }

        var typesWithRetry = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in retry.ByNode.Values)
        {
            typesWithRetry.Add(node.NodeType);
        }

        double totalTime = 0;
        foreach (var type in analytics.NodeTypes)
        {
            totalTime += type.Mean.TotalSeconds * type.Executions;
        }

        foreach (var type in analytics.NodeTypes)
        {
            if (type.Executions < MinExecutions)
            {
                continue;
            }

            if (type.FailureRate >= FailureRateForRetry && !typesWithRetry.Contains(type.Key))
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "retry",
                    Subject = type.Key,
                    Recommendation = "Nodes of this type fail often and have no retry policy; if the failures are transient, add one (WorkflowBuilder.WithRetry or a 'retry' key).",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{type.Failures} of {type.Executions} executions failed ({type.FailureRate:P0})"),
                });
            }

            var share = totalTime <= 0 ? 0 : type.Mean.TotalSeconds * type.Executions / totalTime;
            if (share >= DominantTimeShare && analytics.NodeTypes.Count > 1)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "node",
                    Subject = type.Key,
                    Recommendation = "This node type takes most of the node time; optimise it, or run independent instances concurrently on AsyncLocalRuntime with a higher MaxConcurrency.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{share:P0} of node time; p50 {type.P50.TotalMilliseconds:0.###} ms, p95 {type.P95.TotalMilliseconds:0.###} ms over {type.Executions} executions"),
                });
            }
        }

        foreach (var node in retry.ByNode.Values)
        {
            var retried = node.SucceededAfterRetry + node.Exhausted;
            if (retried >= 5 && (double)node.Exhausted / retried >= ExhaustedShare)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "retry",
                    Subject = node.WorkflowId + "/" + node.NodeId,
                    Recommendation = "Retries rarely rescue this node: its failures look permanent. Mark the exception non-retriable, or add a circuit breaker to fail fast.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{node.Exhausted} of {retried} retried executions exhausted {node.Attempts} attempts in total"),
                });
            }
            else if (node.Executions >= MinExecutions && node.SucceededAfterRetry * 4 >= node.Executions)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "retry",
                    Subject = node.WorkflowId + "/" + node.NodeId,
                    Recommendation = "This node often needs a retry to succeed; the dependency behind it is unreliable and worth investigating.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{node.SucceededAfterRetry} of {node.Executions} executions succeeded only after a retry"),
                });
            }
        }

        foreach (var breaker in breakers)
        {
            if (breaker.TimesOpened > 0)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "circuit",
                    Subject = breaker.Key,
                    Recommendation = breaker.State == CircuitState.Closed
                        ? "The circuit has opened before; check the dependency behind it."
                        : "The circuit is not closed: calls are being rejected. Fix the dependency, or reset the circuit once it is healthy.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"state {breaker.State}, opened {breaker.TimesOpened} time(s), {breaker.RejectedCalls} call(s) rejected"),
                });
            }
        }

        foreach (var resource in resources.Resources)
        {
            if (resource.TotalRejected > 0)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "resource",
                    Subject = resource.Key,
                    Recommendation = "Node attempts were rejected because the resource's queue was full; raise QueueLimit or the resource's limits if the dependency allows.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{resource.TotalRejected} rejection(s), {resource.TotalGranted} permit(s) granted"),
                });
            }
            else if (resource.Queued > 0 || resource.Saturation >= 0.9)
            {
                list.Add(new PerformanceRecommendation
                {
                    Category = "resource",
                    Subject = resource.Key,
                    Recommendation = "The resource is saturated; raise its MaxConcurrency/RateLimit if the dependency allows, or expect queueing.",
                    Evidence = string.Create(CultureInfo.InvariantCulture, $"{resource.InUse} in use of {resource.MaxConcurrency?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"}, {resource.Queued} waiting, saturation {resource.Saturation:P0}"),
                });
            }
        }

        if (resources.RejectedRuns > 0)
        {
            list.Add(new PerformanceRecommendation
            {
                Category = "runs",
                Subject = "runtime",
                Recommendation = "Runs were rejected by ResourceLimits; raise MaxConcurrentRuns/MaxMemoryBytes or spread the load.",
                Evidence = string.Create(CultureInfo.InvariantCulture, $"{resources.RejectedRuns} run(s) rejected; limit {resources.MaxConcurrentRuns?.ToString(CultureInfo.InvariantCulture) ?? "none"} concurrent runs"),
            });
        }

        if (analytics.PlanCacheMisses >= 10 && analytics.PlanCacheHitRate < 0.5)
        {
            list.Add(new PerformanceRecommendation
            {
                Category = "plan-cache",
                Subject = "runtime",
                Recommendation = "Most runs plan their workflow from scratch: build each Workflow once and reuse the object (plans are cached per workflow instance).",
                Evidence = string.Create(CultureInfo.InvariantCulture, $"{analytics.PlanCacheHits} hits, {analytics.PlanCacheMisses} misses ({analytics.PlanCacheHitRate:P0} hit rate)"),
            });
        }

        return list;
    }
}
