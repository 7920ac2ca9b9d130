using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Samples;

/// <summary>Retry a flaky node, open a circuit breaker, use named strategies and resources, read the enterprise facade.</summary>
internal static class ResilienceSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        var outcome = new SampleOutcome(nameof(ResilienceSample));
        foreach (var isAsync in new[] { false, true })
        {
            var (attempts, status, value, retries) = await RetryAsync(isAsync);
            var prefix = isAsync ? "async." : "sync.";
            outcome.Add(prefix + "attempts", attempts).Add(prefix + "status", status).Add(prefix + "value", value).Add(prefix + "retries", retries);
        }

        Breaker(outcome);
        Facade(outcome);
        return outcome;
    }

    private static async Task<(int Attempts, NodeStatus Status, object? Value, long Retries)> RetryAsync(bool isAsync)
    {
        // <snippet:resilience-retry>
        var service = new FlakyService(failures: 2);                 // fails twice, then answers
        var workflow = new WorkflowBuilder("fetch-order")
            .AddNode("fetch", new LambdaNode(inputs => service.Fetch(inputs.Get<string>("order_id")),
                [new NodeParameter("order_id", typeof(string)) { Required = true }]))
            .WithRetry("fetch", new RetryPolicyOptions
            {
                MaxAttempts = 3,
                Backoff = RetryBackoff.Exponential,                   // 10 ms, then 20 ms (plus jitter)
                BaseDelay = TimeSpan.FromMilliseconds(10),
            })
            .WithTimeout("fetch", timeout: TimeSpan.FromSeconds(30))  // all attempts together
            .Build();

        var parameters = new Dictionary<string, object?> { ["order_id"] = "A-17" };
        // </snippet:resilience-retry>
        WorkflowRunResult run;
        long retries;
        if (isAsync)
        {
            await using var asyncRuntime = new AsyncLocalRuntime();
            run = await asyncRuntime.ExecuteAsync(workflow, parameters);
            retries = asyncRuntime.Enterprise.GetRetryAnalytics().Retries;
        }
        else
        {
            // <snippet:resilience-retry-run>
            using var runtime = new LocalRuntime();
            WorkflowRunResult result = runtime.Execute(workflow, parameters);
            Console.WriteLine(result["fetch"]["result"]);            // order A-17: shipped
            Console.WriteLine(result["fetch"].Attempts);             // 3
            Console.WriteLine(runtime.Enterprise.GetRetryAnalytics().SucceededAfterRetry);   // 1
            // </snippet:resilience-retry-run>
            run = result;
            retries = runtime.Enterprise.GetRetryAnalytics().Retries;
        }

        return (run["fetch"].Attempts, run["fetch"].Status, run["fetch"]["result"], retries);
    }

    private static void Breaker(SampleOutcome outcome)
    {
        // <snippet:resilience-breaker>
        var payments = new CircuitBreakerPolicyOptions
        {
            FailureThreshold = 2,                                     // consecutive failed attempts that open it
            BreakDuration = TimeSpan.FromMinutes(1),                  // then one probe call is let through
            Key = "payments",                                         // nodes with the same key share one circuit
        };
        var workflow = new WorkflowBuilder("charge")
            .AddNode("charge", new LambdaNode(_ => throw new HttpRequestException("payments are down")))
            .WithCircuitBreaker("charge", payments)
            .Build();

        using var runtime = new LocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });
        runtime.Execute(workflow);                                    // fails: 1 consecutive failure
        runtime.Execute(workflow);                                    // fails: 2, the circuit opens
        WorkflowRunResult third = runtime.Execute(workflow);
        Console.WriteLine(third["charge"].ErrorCode);                 // KWF061: rejected without calling the node
        Console.WriteLine(third["charge"].Attempts);                  // 0
        Console.WriteLine(runtime.Enterprise.GetHealthStatus());      // Degraded: a circuit is open
        // </snippet:resilience-breaker>

        var breaker = runtime.Enterprise.GetCircuitBreakers().Single(b => b.Key == "payments");
        outcome.Add("breaker.errorCode", third["charge"].ErrorCode)
            .Add("breaker.attempts", third["charge"].Attempts)
            .Add("breaker.state", breaker.State)
            .Add("breaker.health", runtime.Enterprise.GetHealthStatus())
            .Add("breaker.reset", runtime.Enterprise.ResetCircuitBreaker("payments"))
            .Add("breaker.afterReset", runtime.Enterprise.GetCircuitBreakers().Single(b => b.Key == "payments").State);
    }

    private static void Facade(SampleOutcome outcome)
    {
        // <snippet:enterprise-options>
        var options = new RuntimeOptions
        {
            DefaultRetryPolicy = new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(5) },
            DefaultNodeTimeout = TimeSpan.FromMinutes(5),
            Resources =
            {
                ["database"] = new ResourceOptions { MaxConcurrency = 4 },                     // 4 nodes at once
                ["geo-api"] = new ResourceOptions { RateLimit = 50, RatePeriod = TimeSpan.FromSeconds(1) },
            },
            ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 32 },
        };
        using var runtime = new LocalRuntime(options);
        runtime.Enterprise.RegisterRetryStrategy("patient", new RetryPolicyOptions
        {
            MaxAttempts = 5,
            Backoff = RetryBackoff.Linear,
            BaseDelay = TimeSpan.FromMilliseconds(5),
        });
        runtime.Enterprise.AddRetriableException<TimeoutException>();    // for every policy of this runtime

        var service = new FlakyService(failures: 3);
        var workflow = new WorkflowBuilder("lookup")
            .AddNode("geocode", new LambdaNode(_ => service.Fetch("B-2")))
            .WithRetry("geocode", "patient")                               // the registered strategy
            .UsesResource("geocode", "geo-api")
            .AddNode("save", new LambdaNode(inputs => $"saved {inputs["location"]}"))
            .UsesResource("save", "database")
            .WithoutRetry("save")                                          // opt out of DefaultRetryPolicy
            .AddConnection("geocode", "result", "save", "location")
            .Build();

        WorkflowRunResult run = runtime.Execute(workflow);
        Console.WriteLine(run["geocode"].Attempts);                        // 4

        RuntimeHealthReport health = runtime.Enterprise.GetHealthDiagnostics();
        ResourceMetrics resources = runtime.Enterprise.GetResourceMetrics();
        RunExecutionMetrics? metrics = runtime.Enterprise.GetExecutionMetrics(run.RunId);
        PerformanceReport report = runtime.Enterprise.GetPerformanceReport();
        foreach (PerformanceRecommendation advice in runtime.Enterprise.OptimizeRuntimePerformance())
        {
            Console.WriteLine(advice);                                     // measured advice; changes nothing
        }
        // </snippet:enterprise-options>

        outcome.Add("facade.geocodeAttempts", run["geocode"].Attempts)
            .Add("facade.save", run["save"]["result"])
            .Add("facade.saveAttempts", run["save"].Attempts)
            .Add("facade.health", health.Status)
            .Add("facade.resources", resources.Resources.Select(r => r.Key).Order(StringComparer.Ordinal).ToList())
            .Add("facade.metrics.completed", metrics?.NodesCompleted)
            .Add("facade.metrics.attempts", metrics?.Attempts)
            .Add("facade.report.retries", report.Retry.Retries)
            .Add("facade.strategies", runtime.Enterprise.GetRetryPolicyEngine().StrategyNames.ToList());
    }
}
