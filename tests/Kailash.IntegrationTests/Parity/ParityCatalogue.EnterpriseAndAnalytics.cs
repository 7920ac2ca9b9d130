using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Enterprise;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for enterprise features and analytics (issue 7).</content>
public static partial class ParityCatalogue
{
    private static readonly RetryPolicyOptions ThreeQuickAttempts = new() { MaxAttempts = 3, BaseDelay = TimeSpan.Zero };

    private static readonly IReadOnlyList<ParityScenario> EnterpriseAndAnalytics =
    [
        new("retry-flaky-node-recovers", () => new WorkflowBuilder("retry-recovers")
                .AddNode("start", Constant(1L))
                .AddNode("flaky", FailsFirst(2))
                .AddNode("after", AddOne())
                .AddConnection("start", "result", "flaky", "value")
                .AddConnection("flaky", "result", "after", "value")
                .WithRetry("flaky", ThreeQuickAttempts)
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Completed, r.Status);
                Assert.Equal(3, r["flaky"].Attempts);
                Assert.Equal(1, r["start"].Attempts);
                Assert.Equal(3L, r["after"]["result"]);
            },
        },
        new("retry-exhausted-keeps-users-exception", () => new WorkflowBuilder("retry-exhausted")
                .AddNode("start", Constant(1L))
                .AddNode("flaky", FailsFirst(10))
                .AddNode("after", AddOne())
                .AddConnection("start", "result", "flaky", "value")
                .AddConnection("flaky", "result", "after", "value")
                .WithRetry("flaky", ThreeQuickAttempts)
                .Build())
        {
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r =>
            {
                Assert.Equal(3, r["flaky"].Attempts);
                Assert.IsType<InvalidOperationException>(r["flaky"].Error);
                Assert.Equal("attempt 3 failed", r["flaky"].Error!.Message);
                Assert.Equal(NodeStatus.Skipped, r["after"].Status);
            },
        },
        new("retry-non-retriable-fails-at-once", () => new WorkflowBuilder("retry-non-retriable")
                .AddNode("bad", new LambdaNode(_ => throw new ArgumentException("bad argument")))
                .WithRetry("bad", ThreeQuickAttempts)
                .Build())
        {
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r => Assert.Equal((1, "bad argument"), (r["bad"].Attempts, r["bad"].Error!.Message)),
        },
        new("retry-policy-from-file-data", () => new WorkflowBuilder("retry-file")
                .AddNode("start", Constant(1L))
                .AddNode("flaky", FailsFirst(3))
                .AddConnection("start", "result", "flaky", "value")
                .SetNodeExtension("flaky", "retry", new Dictionary<string, object?> { ["max_attempts"] = 4L, ["base_delay_ms"] = 0L, ["retriable_exceptions"] = new List<object?> { "InvalidOperationException" } })
                .Build())
        {
            Expect = r => Assert.Equal((NodeStatus.Completed, 4), (r["flaky"].Status, r["flaky"].Attempts)),
        },
        new("retry-runtime-default-and-opt-out", () => new WorkflowBuilder("retry-default")
                .AddNode("start", Constant(1L))
                .AddNode("covered", FailsFirst(1))
                .AddNode("opted-out", FailsFirst(1))
                .AddConnection("start", "result", "covered", "value")
                .AddConnection("start", "result", "opted-out", "value")
                .WithoutRetry("opted-out")
                .Build())
        {
            Configure = o =>
            {
                o.DefaultRetryPolicy = ThreeQuickAttempts;
                o.ErrorPolicy = ErrorPolicy.Continue;
            },
            Expect = r =>
            {
                Assert.Equal((NodeStatus.Completed, 2), (r["covered"].Status, r["covered"].Attempts));
                Assert.Equal((NodeStatus.Failed, 1), (r["opted-out"].Status, r["opted-out"].Attempts));
            },
        },
        new("circuit-breaker-opens-on-shared-key", () =>
        {
            var shared = new CircuitBreakerPolicyOptions { FailureThreshold = 2, Key = "payments" };
            var builder = new WorkflowBuilder("breaker-shared");
            for (var i = 0; i < 3; i++)
            {
                builder.AddNode($"call{i}", Fail($"payments down {i}")).WithCircuitBreaker($"call{i}", shared);
            }

            return builder.Build();
        })
        {
            Configure = o => o.ErrorPolicy = ErrorPolicy.Continue,
            Expect = r =>
            {
                Assert.Equal(ErrorCodes.NodeFailed, r["call0"].ErrorCode);
                Assert.Equal(ErrorCodes.NodeFailed, r["call1"].ErrorCode);
                Assert.Equal((ErrorCodes.CircuitOpen, 0), (r["call2"].ErrorCode, r["call2"].Attempts));
            },
        },
        new("attempt-timeout-retried-then-fails", () => new WorkflowBuilder("attempt-timeout")
                .AddNode("slow", WaitsForCancellation())
                .WithTimeout("slow", null, TimeSpan.FromMilliseconds(20))
                .WithRetry("slow", new RetryPolicyOptions { MaxAttempts = 2, BaseDelay = TimeSpan.Zero })
                .Build())
        {
            Configure = o => o.ErrorPolicy = ErrorPolicy.Continue,
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Failed, r.Status);
                Assert.Equal((NodeStatus.Failed, 2, ErrorCodes.NodeTimedOut), (r["slow"].Status, r["slow"].Attempts, r["slow"].ErrorCode));
            },
        },
        new("node-timeout-not-reached", () => new WorkflowBuilder("timeout-ok")
                .AddNode("start", Constant(41L))
                .AddNode("fast", AddOne())
                .AddConnection("start", "result", "fast", "value")
                .WithTimeout("fast", TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10))
                .Build())
        {
            Expect = r => Assert.Equal((42L, 1), (r["fast"]["result"], r["fast"].Attempts)),
        },
        new("resource-limited-fan-out", () =>
        {
            var builder = new WorkflowBuilder("resource-fan").AddNode("start", Constant(1L)).AddNode("join", Sum("x0", "x1", "x2", "x3"));
            for (var i = 0; i < 4; i++)
            {
                builder.AddNode($"w{i}", DelayedAddOne(2))
                    .AddConnection("start", "result", $"w{i}", "value")
                    .AddConnection($"w{i}", "result", "join", $"x{i}")
                    .UsesResource($"w{i}", "db");
            }

            return builder.Build();
        })
        {
            Configure = o => o.Resources["db"] = new ResourceOptions { MaxConcurrency = 1 },
            Expect = r => Assert.Equal(8L, r["join"]["result"]),
        },
        new("invalid-policy-fails-node-with-code", () => new WorkflowBuilder("bad-policy")
                .AddNode("n", Constant(1L))
                .UsesResource("n", "databse")
                .Build())
        {
            Configure = o => o.Resources["database"] = new ResourceOptions { MaxConcurrency = 1 },
            ExpectThrowCode = ErrorCodes.InvalidResiliencePolicy,
            Expect = r => Assert.Contains("Did you mean 'database'", r["n"].Error!.Message, StringComparison.Ordinal),
        },
        new("retry-inside-cycle-each-iteration", () => new WorkflowBuilder("retry-cycle")
                .AddNode("counter", FailsFirst(1), new() { ["value"] = 0L })
                .WithRetry("counter", ThreeQuickAttempts)
                .CreateCycle("loop").Connect("counter", "result", "counter", "value").MaxIterations(3).Build()
                .Build())
        {
            Expect = r => Assert.Equal((3L, 2), (r["counter"]["result"], r["counter"].Attempts)),
        },
        new("analytics-off-full-retention-same-results", () => new WorkflowBuilder("analytics-modes")
                .AddNode("start", Constant(1L))
                .AddNode("flaky", FailsFirst(1))
                .AddNode("boom", Fail("boom"))
                .AddNode("after", AddOne())
                .AddConnection("start", "result", "flaky", "value")
                .AddConnection("start", "result", "boom", "value")
                .AddConnection("boom", "result", "after", "value")
                .WithRetry("flaky", ThreeQuickAttempts)
                .Build())
        {
            Configure = o =>
            {
                o.EnableAnalytics = false;
                o.ErrorPolicy = ErrorPolicy.Continue;
            },
            Expect = r =>
            {
                Assert.Equal(2, r["flaky"].Attempts);
                Assert.Equal(SkipReason.UpstreamFailed, r["after"].SkipReason);
            },
        },
        new("analytics-full-retention-sensitive-same-results", () => new WorkflowBuilder("analytics-full")
                .AddNode("start", Constant(1L))
                .AddNode("flaky", FailsFirst(1))
                .AddConnection("start", "result", "flaky", "value")
                .WithRetry("flaky", ThreeQuickAttempts)
                .Build())
        {
            Configure = o =>
            {
                o.EventRetention = Kailash.Runtime.Analytics.EventRetention.Full;
                o.EnableSensitiveData = true;
            },
            Expect = r => Assert.Equal((2L, 2), (r["flaky"]["result"], r["flaky"].Attempts)),
        },
    ];

    /// <summary>Adds one to <c>value</c>, but fails the first <paramref name="failures"/> attempts of every execution (deterministic, stateless).</summary>
    private static LambdaNode FailsFirst(int failures)
        => new(
            (inputs, context) => context.Attempt <= failures
                ? throw new InvalidOperationException($"attempt {context.Attempt} failed")
                : new Dictionary<string, object?> { ["result"] = inputs.Get<long>("value") + 1 },
            [new NodeParameter("value", typeof(long)) { Required = true }],
            ["result"]);

    /// <summary>Waits until its token is cancelled (a node that only a timeout ends).</summary>
    private static AsyncLambdaNode WaitsForCancellation()
        => new(
            async (_, _, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return new Dictionary<string, object?> { ["result"] = "never" };
            },
            null,
            ["result"]);
}
