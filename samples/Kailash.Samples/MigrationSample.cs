using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Enterprise;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;

namespace Kailash.Samples;

/// <summary>The C# side of docs/migration/runtime-refactoring-migration.md: Python Kailash calls and their equivalents.</summary>
internal static class MigrationSample
{
    public static async Task<SampleOutcome> RunAsync()
    {
        var outcome = new SampleOutcome(nameof(MigrationSample));
        // <snippet:migration-workflow>
        var workflow = new WorkflowBuilder("scores")
            .AddNode("ExpressionNode", "double", new() { ["expression"] = "score * 2" })
            .AddNode("boom", new LambdaNode(_ => throw new InvalidOperationException("boom!")))
            .AddConnection("double", "result", "boom", "value")
            .Build();
        var parameters = new Dictionary<string, object?> { ["score"] = 72 };
        // </snippet:migration-workflow>

        // <snippet:migration-options>
        using ILoggerFactory loggerFactory = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug));

        var options = new RuntimeOptions
        {
            LoggerFactory = loggerFactory,                                    // debug=True (add your logging providers)
            ConnectionValidation = ConnectionValidationMode.Strict,           // connection_validation="strict"
            ConditionalExecution = ConditionalExecutionMode.SkipBranches,     // conditional_execution="skip_branches"
            MaxConcurrency = 8,                                               // max_concurrency / max_concurrent_nodes
            UserContext = new UserContext("ada") { Roles = ["analyst"] },     // user_context=...
            AccessPolicy = new RolePolicy("analyst"),                         // enable_security=True
            SecretProvider = new EnvironmentSecretProvider(),                 // secret_provider=EnvironmentSecretProvider()
            DefaultRetryPolicy = new RetryPolicyOptions                       // retry_policy_config={"default_strategy": ...}
            {
                MaxAttempts = 3,
                Backoff = RetryBackoff.Exponential,
                BaseDelay = TimeSpan.FromMilliseconds(10),
                MaxDelay = TimeSpan.FromSeconds(60),
                NonRetriableExceptions = { typeof(InvalidOperationException) }, // exception_rules: non_retriable_exceptions
            },
            DefaultCircuitBreaker = new CircuitBreakerPolicyOptions           // circuit_breaker_config={...}
            {
                FailureThreshold = 5,                                         //   failure_threshold
                BreakDuration = TimeSpan.FromSeconds(60),                     //   timeout_seconds
                SuccessThreshold = 3,                                         //   recovery_threshold
            },
            ResourceLimits = new ResourceLimits { MaxConcurrentRuns = 10 },   // max_concurrent_workflows=10
            RunTimeout = TimeSpan.FromMinutes(5),                             // AsyncLocalRuntime(execution_timeout=300)
            ErrorPolicy = ErrorPolicy.Continue,                               // return failed nodes instead of throwing
        };
        using var runtime = new LocalRuntime(options);                       // with LocalRuntime(...) as runtime:
        // </snippet:migration-options>

        // <snippet:migration-execute>
        // results, run_id = runtime.execute(workflow, parameters={"score": 72})
        var (results, runId) = runtime.Execute(workflow, parameters);
        Console.WriteLine(results["double"]["result"]);                      // results["double"]["result"] -> 144
        // </snippet:migration-execute>

        outcome.Add("execute.double", results["double"]["result"]).Add("execute.runIdIsGuid", Guid.TryParse(runId, out _));

        // <snippet:migration-failed-node>
        // Python: results["boom"] == {"error": "...", "error_type": "NodeExecutionError", "failed": True, "_exception": e}
        NodeResult boom = results["boom"];
        if (boom.Status == NodeStatus.Failed)
        {
            Console.WriteLine(boom.Error?.Message);                          // boom! (your exception, not a wrapper)
            Console.WriteLine(boom.ErrorCode);                               // KWF040
            Console.WriteLine(boom.Attempts);                                // 1: InvalidOperationException is non-retriable here
        }
        // </snippet:migration-failed-node>

        outcome.Add("failed.status", boom.Status).Add("failed.message", boom.Error?.Message).Add("failed.attempts", boom.Attempts);

        // <snippet:migration-async>
        // results, run_id = await runtime.execute_workflow_async(workflow, inputs={"score": 72})
        await using var asyncRuntime = new AsyncLocalRuntime(options);
        var (asyncResults, asyncRunId) = await asyncRuntime.ExecuteAsync(workflow, parameters);
        // </snippet:migration-async>

        outcome.Add("async.double", asyncResults["double"]["result"]).Add("async.runIdIsGuid", Guid.TryParse(asyncRunId, out _));

        // <snippet:migration-time-limit>
        // runtime.execute(workflow, parameters=..., time_limit=30)
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        WorkflowRunResult timed = runtime.Execute(workflow, parameters, deadline.Token);   // WorkflowCancelledException when it expires
        // </snippet:migration-time-limit>

        outcome.Add("timed.status", timed.Status);

        // <snippet:migration-events>
        // unregister = runtime.on_node_complete(callback); ...; unregister()
        var seen = new List<string>();
        using (runtime.Analytics.OnNodeCompleted(e => seen.Add($"{e.NodeId}:{e.Status}")))
        {
            runtime.Execute(workflow, parameters);
        }

        Console.WriteLine(string.Join(", ", seen));                          // double:Completed, boom:Failed (every status)
        // </snippet:migration-events>

        outcome.Add("events", seen);

        // <snippet:migration-cycle>
        // workflow.create_cycle("refine").connect("step", "step", mapping={"guess": "guess"}) \
        //         .max_iterations(20).converge_when("abs(guess * guess - 2.0) < 0.000001").build()
        Workflow newton = new WorkflowBuilder("newton")
            .AddNode("ExpressionNode", "step", new() { ["expression"] = "(guess + 2.0 / guess) / 2", ["output"] = "guess", ["guess"] = 1.0 })
            .Build()
            .CreateCycle("refine")                                            // on a built workflow: returns a new one
                .Connect("step", "step", new Dictionary<string, string> { ["guess"] = "guess" })
                .MaxIterations(20)
                .ConvergeWhen("abs(guess * guess - 2.0) < 0.000001")
                .Build();
        // </snippet:migration-cycle>

        var loop = runtime.Execute(newton);
        return outcome.Add("cycle.termination", loop.Cycles["refine"].Termination)
            .Add("cycle.guess", loop["step"]["guess"]);
    }
}
