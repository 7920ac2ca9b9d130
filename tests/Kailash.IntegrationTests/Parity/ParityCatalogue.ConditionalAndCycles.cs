using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.ConditionalAndCycleNodes;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <content>Parity scenarios for conditional execution and cycles (issue 6). Names start with <c>cond-</c> or <c>cycle-</c>.</content>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> ConditionalAndCycles =
    [
        // ---- Conditional execution ----
        new("cond-switch-true-branch", () => StatusRouter("ok"))
        {
            Expect = r =>
            {
                Assert.Equal(true, r["sw"]["condition_result"]);
                Assert.Equal(SkipReason.ConditionalRouting, r["f"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["f_down"].SkipReason);
                Assert.Equal("ok", ((IReadOnlyDictionary<string, object?>)r["merge"]["merged_data"]!)["status"]);
            },
        },
        new("cond-switch-false-branch", () => StatusRouter("bad"))
        {
            Expect = r =>
            {
                Assert.Equal(SkipReason.ConditionalRouting, r["t"].SkipReason);
                Assert.Equal(NodeStatus.Completed, r["f_down"].Status);
                Assert.Equal(NodeStatus.Completed, r["merge"].Status);
            },
        },
        new("cond-switch-skip-branches", () => StatusRouter("ok"))
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = r =>
            {
                Assert.Equal(6, r.Results.Count);
                Assert.Equal(SkipReason.ConditionalRouting, r["f_down"].SkipReason);
            },
        },
        new("cond-multi-case-match", () => Tiers("gold"))
        {
            Expect = r =>
            {
                Assert.Equal("gold", r["sw"]["condition_result"]);
                Assert.Equal(NodeStatus.Completed, r["gold"].Status);
                Assert.Equal(SkipReason.ConditionalRouting, r["silver_plus"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["fallback"].SkipReason);
            },
        },
        new("cond-multi-case-default", () => Tiers("bronze"))
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = r =>
            {
                Assert.Null(r["sw"]["condition_result"]);
                Assert.Equal(NodeStatus.Completed, r["fallback"].Status);
                Assert.Equal(SkipReason.ConditionalRouting, r["gold"].SkipReason);
            },
        },
        new("cond-cascading-switches", () => new WorkflowBuilder("cascade")
                .AddNode("src", Constant(new Dictionary<string, object?> { ["a"] = 0L, ["b"] = 1L }))
                .AddNode("SwitchNode", "sw1", new() { ["condition_field"] = "a", ["operator"] = "==", ["value"] = 1L })
                .AddNode("SwitchNode", "sw2", new() { ["condition_field"] = "b", ["operator"] = "==", ["value"] = 1L })
                .AddNode("a_false", Probe())
                .AddNode("b_true", Probe())
                .AddNode("b_false", Probe())
                .AddConnection("src", "result", "sw1", "input_data")
                .AddConnection("sw1", "true_output", "sw2", "input_data")
                .AddConnection("sw1", "false_output", "a_false", "data")
                .AddConnection("sw2", "true_output", "b_true", "data")
                .AddConnection("sw2", "false_output", "b_false", "data")
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(NodeStatus.Completed, r["a_false"].Status);
                Assert.Equal(SkipReason.ConditionalRouting, r["sw2"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["b_true"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["b_false"].SkipReason);
            },
        },
        new("cond-nested-switches-feed-merge", () => Nested(9L))
        {
            Expect = r =>
            {
                Assert.Equal(9L, r["join"]["merged_data"]);
                Assert.Equal(SkipReason.ConditionalRouting, r["low"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["mid"].SkipReason);
            },
        },
        new("cond-switch-whose-input-is-skipped", () => Nested(3L))
        {
            Expect = r =>
            {
                Assert.Equal(SkipReason.ConditionalRouting, r["inner"].SkipReason);
                Assert.Equal(3L, r["join"]["merged_data"]);
            },
        },
        new("cond-partial-inputs-dead", () => new WorkflowBuilder("partial")
                .AddNode("src", Constant(5L))
                .AddNode("SwitchNode", "sw", new() { ["operator"] = ">", ["value"] = 10L })
                .AddNode("x", Probe())
                .AddConnection("src", "result", "sw", "input_data")
                .AddConnection("sw", "true_output", "x", "data")
                .AddConnection("src", "result", "x", "other")
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal("<absent>", r["x"]["data"]);
                Assert.Equal(5L, r["x"]["other"]);
            },
        },
        new("cond-branch-failure-raised", BranchFailure)
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r =>
            {
                Assert.Equal(NodeStatus.Failed, r["mid"].Status);
                Assert.Equal(SkipReason.RunStopped, r["end"].SkipReason);
            },
        },
        new("cond-branch-failure-continue", BranchFailure)
        {
            Configure = o => o.ErrorPolicy = ErrorPolicy.Continue,
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Failed, r.Status);
                Assert.Equal(SkipReason.UpstreamFailed, r["end"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["other"].SkipReason);
            },
        },
        new("cond-failing-source-before-switch", () => new WorkflowBuilder("failing-source")
                .AddNode("src", Throws("source down"))
                .AddNode("SwitchNode", "sw", new() { ["operator"] = "is_null" })
                .AddNode("after", Probe())
                .AddConnection("src", "data", "sw", "input_data")
                .AddConnection("sw", "true_output", "after", "data")
                .Build())
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            ExpectThrowCode = ErrorCodes.NodeFailed,
            Expect = r => Assert.Equal(1, r["src"].Attempts),
        },
        new("cond-missing-field-is-false", () => new WorkflowBuilder("missing-field")
                .AddNode("src", Constant(new Dictionary<string, object?> { ["other"] = 1L }))
                .AddNode("SwitchNode", "sw", new() { ["condition_field"] = "score", ["operator"] = "!=", ["value"] = 1L })
                .AddNode("t", Probe())
                .AddNode("f", Probe())
                .AddConnection("src", "result", "sw", "input_data")
                .AddConnection("sw", "true_output", "t", "data")
                .AddConnection("sw", "false_output", "f", "data")
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(false, r["sw"]["condition_result"]);
                Assert.Equal(SkipReason.ConditionalRouting, r["t"].SkipReason);
            },
        },
        new("cond-incomparable-values-fail", () => new WorkflowBuilder("incomparable")
                .AddNode("src", Constant(new Dictionary<string, object?> { ["score"] = "high" }))
                .AddNode("SwitchNode", "sw", new() { ["condition_field"] = "score", ["operator"] = ">", ["value"] = 5L })
                .AddConnection("src", "result", "sw", "input_data")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.CoercionFailed,
        },
        new("cond-merge-modes-after-switches", () => new WorkflowBuilder("merge-modes")
                .AddNode("a", Constant(new List<object?> { 1L, 2L }))
                .AddNode("b", Constant(new List<object?> { "x", "y", "z" }))
                .AddNode("SwitchNode", "sw", new() { ["operator"] = "is_null" })
                .AddNode("MergeNode", "concat")
                .AddNode("MergeNode", "zip", new() { ["merge_type"] = "zip" })
                .AddConnection("a", "result", "sw", "input_data")
                .AddConnection("sw", "true_output", "concat", "data1")
                .AddConnection("sw", "false_output", "concat", "data2")
                .AddConnection("b", "result", "concat", "data3")
                .AddConnection("a", "result", "zip", "data1")
                .AddConnection("b", "result", "zip", "data2")
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(5, ((List<object?>)r["concat"]["merged_data"]!).Count);
                Assert.Equal(2, ((List<object?>)r["zip"]["merged_data"]!).Count);
            },
        },
        new("cond-async-nodes-in-branches", () => new WorkflowBuilder("async-branches")
                .AddNode("src", Constant(7L))
                .AddNode("SwitchNode", "sw", new() { ["operator"] = ">=", ["value"] = 5L })
                .AddNode("slow_true", DelayedAddOne(15))
                .AddNode("slow_false", DelayedAddOne(1))
                .AddNode("after_true", AddOne())
                .AddNode("MergeNode", "join")
                .AddConnection("src", "result", "sw", "input_data")
                .AddConnection("sw", "true_output", "slow_true", "value")
                .AddConnection("sw", "false_output", "slow_false", "value")
                .AddConnection("slow_true", "result", "after_true", "value")
                .AddConnection("after_true", "result", "join", "data1")
                .AddConnection("slow_false", "result", "join", "data2")
                .Build())
        {
            Expect = r => Assert.Equal(9L, r["join"]["merged_data"]),
        },

        // ---- Cycles ----
        new("cycle-self-loop-converges", () => Counting("done == true", 10))
        {
            Expect = r =>
            {
                Assert.Equal(3L, r["counter"]["count"]);
                Assert.Equal(3L, r["after"]["data"]);
                Assert.Equal(new CycleReport("loop", 3, CycleTermination.Converged, r.Cycles["loop"].Duration), r.Cycles["loop"]);
            },
        },
        new("cycle-parameters-seed-the-loop", () => Counting("done == true", 10))
        {
            Parameters = new() { ["counter"] = new Dictionary<string, object?> { ["count"] = 10L, ["step"] = 5L } },
            Expect = r =>
            {
                Assert.Equal(15L, r["counter"]["count"]);
                Assert.Equal(1, r.Cycles["loop"].Iterations);
            },
        },
        new("cycle-two-nodes-dag-before-and-after", TwoNodeLoop)
        {
            Expect = r =>
            {
                Assert.Equal(3L, r["after"]["data"]);
                Assert.Equal(CycleTermination.Converged, r.Cycles["opt"].Termination);
                Assert.Equal(3, r.Cycles["opt"].Iterations);
            },
        },
        new("cycle-max-iterations-is-visible", () => Counting("count >= 100", 4))
        {
            Expect = r =>
            {
                Assert.Equal(WorkflowRunStatus.Completed, r.Status);
                Assert.Equal(CycleTermination.MaxIterations, r.Cycles["loop"].Termination);
                Assert.Equal(4L, r["after"]["data"]);
            },
        },
        new("cycle-fail-on-max-iterations", () => Counting("count >= 100", 4))
        {
            Configure = o => o.Cycles = new CycleOptions { FailOnMaxIterations = true },
            ExpectThrowCode = ErrorCodes.CycleDidNotConverge,
            Expect = r => Assert.Equal(SkipReason.RunStopped, r["after"].SkipReason),
        },
        new("cycle-convergence-error-fails", () => Counting("count / (count - count) > 0", 10))
        {
            ExpectThrowCode = ErrorCodes.ExpressionEvaluationFailed,
            Expect = r =>
            {
                Assert.Equal(CycleTermination.Failed, r.Cycles["loop"].Termination);
                Assert.Equal(1, r.Cycles["loop"].Iterations);
            },
        },
        new("cycle-converge-when-only-uses-default-limit", () => Counting("count >= 100000", null))
        {
            Configure = o => o.Cycles = new CycleOptions { DefaultMaxIterations = 12 },
            Expect = r =>
            {
                Assert.Equal(12L, r["counter"]["count"]);
                Assert.Equal(CycleTermination.MaxIterations, r.Cycles["loop"].Termination);
            },
        },
        new("cycle-timeout", () => new WorkflowBuilder("timeout")
                .AddNode("counter", Counter())
                .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).Timeout(TimeSpan.FromSeconds(10)).MaxIterations(1000).Build()
                .Build())
        {
            Configure = o => o.TimeProvider = new SteppingTimeProvider(TimeSpan.FromSeconds(1)),
            Expect = r =>
            {
                Assert.Equal(CycleTermination.Timeout, r.Cycles["loop"].Termination);
                Assert.InRange(r.Cycles["loop"].Iterations, 2, 10);
            },
        },
        new("cycle-switch-inside-exits-on-false", SwitchLoop)
        {
            Expect = r =>
            {
                Assert.Equal(CycleTermination.ConditionFalse, r.Cycles["loop"].Termination);
                Assert.Equal(3, r.Cycles["loop"].Iterations);
                Assert.Equal(3L, r["done"]["data"]);
            },
        },
        new("cycle-switch-inside-skip-branches", SwitchLoop)
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = r => Assert.Equal(3L, r["done"]["data"]),
        },
        new("cycle-after-switch", () => AfterSwitch(8L))
        {
            Expect = r =>
            {
                Assert.Equal(CycleTermination.Converged, r.Cycles["loop"].Termination);
                Assert.Equal(SkipReason.ConditionalRouting, r["small"].SkipReason);
                Assert.Equal(8L, r["after"]["data"]);
                Assert.Equal(8, r.Cycles["loop"].Iterations);
            },
        },
        new("cycle-skipped-input-skips-the-loop", () => AfterSwitch(1L))
        {
            Configure = o => o.ConditionalExecution = ConditionalExecutionMode.SkipBranches,
            Expect = r =>
            {
                Assert.Equal(CycleTermination.Skipped, r.Cycles["loop"].Termination);
                Assert.Equal(0, r.Cycles["loop"].Iterations);
                Assert.Equal(SkipReason.ConditionalRouting, r["counter"].SkipReason);
                Assert.Equal(SkipReason.ConditionalRouting, r["after"].SkipReason);
                Assert.Equal(NodeStatus.Completed, r["small"].Status);
            },
        },
        new("cycle-independent-loops", () => new WorkflowBuilder("two-loops")
                .AddNode("seed", Constant(0L))
                .AddNode("c1", Counter())
                .AddNode("c2", Counter())
                .AddNode("join", Sum("x", "y"))
                .AddConnection("seed", "result", "c1", "count")
                .AddConnection("seed", "result", "c2", "count")
                .AddConnection("c1", "count", "join", "x")
                .AddConnection("c2", "count", "join", "y")
                .CreateCycle("first").Connect("c1", "c1", Map("count", "count")).MaxIterations(2).Build()
                .CreateCycle("second").Connect("c2", "c2", Map("count", "count")).MaxIterations(5).Build()
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(7L, r["join"]["result"]);
                Assert.Equal(2, r.Cycles.Count);
            },
        },
        new("cycle-step-budget", () => Counting("count < 0", 1000))
        {
            Configure = o => o.MaxSteps = 25,
            ExpectThrowCode = ErrorCodes.StepBudgetExceeded,
            Expect = r => Assert.Equal(CycleTermination.Failed, r.Cycles["loop"].Termination),
        },
        new("cycle-member-failure-continue", () => new WorkflowBuilder("member-failure")
                .AddNode("seed", Constant(0L))
                .AddNode("inc", Increment())
                .AddNode("fragile", FailInIteration(2))
                .AddNode("after", Probe())
                .AddNode("independent", Probe())
                .AddConnection("seed", "result", "inc", "value")
                .AddConnection("inc", "value", "fragile", "value")
                .AddConnection("inc", "value", "after", "data")
                .AddConnection("seed", "result", "independent", "data")
                .CreateCycle("loop").Connect("fragile", "inc", Map("value", "value")).MaxIterations(5).Build()
                .Build())
        {
            Configure = o => o.ErrorPolicy = ErrorPolicy.Continue,
            Expect = r =>
            {
                Assert.Equal(NodeStatus.Failed, r["fragile"].Status);
                Assert.Equal(SkipReason.UpstreamFailed, r["after"].SkipReason);
                Assert.Equal(NodeStatus.Completed, r["independent"].Status);
                Assert.Equal(CycleTermination.Failed, r.Cycles["loop"].Termination);
            },
        },
        new("cycle-async-member", () => new WorkflowBuilder("async-loop")
                .AddNode("counter", DelayedCounter(2))
                .AddNode("after", Probe())
                .AddConnection("counter", "count", "after", "data")
                .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("done").MaxIterations(10).Build()
                .Build())
        {
            Expect = r =>
            {
                Assert.Equal(3L, r["after"]["data"]);
                Assert.Equal(3L, r["counter"]["iteration"]);
            },
        },
        new("cycle-on-a-built-workflow", () => new WorkflowBuilder("built")
                .AddNode("seed", Constant(0L))
                .AddNode("inc", Increment())
                .AddNode("check", Check())
                .AddConnection("seed", "result", "inc", "value")
                .AddConnection("inc", "value", "check", "value")
                .Build()
                .CreateCycle("opt").Connect("check", "inc", Map("value", "value")).ConvergeWhen("check.converged && iteration >= 1").Build())
        {
            Expect = r => Assert.Equal(3L, r["check"]["value"]),
        },
    ];

    /// <summary>src → sw (status == ok); true → t; false → f → f_down; t and f → merge.</summary>
    private static Workflow StatusRouter(string status)
        => new WorkflowBuilder("status-router")
            .AddNode("src", Constant(new Dictionary<string, object?> { ["status"] = status }))
            .AddNode("SwitchNode", "sw", new() { ["condition_field"] = "status", ["operator"] = "==", ["value"] = "ok" })
            .AddNode("t", Probe())
            .AddNode("f", Probe())
            .AddNode("f_down", Probe())
            .AddNode("MergeNode", "merge")
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "t", "data")
            .AddConnection("sw", "false_output", "f", "data")
            .AddConnection("f", "data", "f_down", "data")
            .AddConnection("t", "data", "merge", "data1")
            .AddConnection("f", "data", "merge", "data2")
            .Build();

    private static Workflow Tiers(string tier)
        => new WorkflowBuilder("tiers")
            .AddNode("src", Constant(new Dictionary<string, object?> { ["customer"] = new Dictionary<string, object?> { ["tier"] = tier } }))
            .AddNode("SwitchNode", "sw", new() { ["condition_field"] = "customer.tier", ["cases"] = new List<object?> { "gold", "silver+" } })
            .AddNode("gold", Probe())
            .AddNode("silver_plus", Probe())
            .AddNode("fallback", Probe())
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "case_gold", "gold", "data")
            .AddConnection("sw", "case_silver+", "silver_plus", "data")
            .AddConnection("sw", "default", "fallback", "data")
            .Build();

    /// <summary>outer (&gt; 5) → inner (&gt; 8) inside its true branch; all three leaves feed a merge.</summary>
    private static Workflow Nested(long value)
        => new WorkflowBuilder("nested")
            .AddNode("src", Constant(value))
            .AddNode("SwitchNode", "outer", new() { ["operator"] = ">", ["value"] = 5L })
            .AddNode("SwitchNode", "inner", new() { ["operator"] = ">", ["value"] = 8L })
            .AddNode<Kailash.Nodes.Data.PassThroughNode>("low")
            .AddNode<Kailash.Nodes.Data.PassThroughNode>("mid")
            .AddNode<Kailash.Nodes.Data.PassThroughNode>("high")
            .AddNode("MergeNode", "join")
            .AddConnection("src", "result", "outer", "input_data")
            .AddConnection("outer", "false_output", "low", "data")
            .AddConnection("outer", "true_output", "inner", "input_data")
            .AddConnection("inner", "false_output", "mid", "data")
            .AddConnection("inner", "true_output", "high", "data")
            .AddConnection("low", "data", "join", "data1")
            .AddConnection("mid", "data", "join", "data2")
            .AddConnection("high", "data", "join", "data3")
            .Build();

    private static Workflow BranchFailure()
        => new WorkflowBuilder("branch-failure")
            .AddNode("src", Constant(1L))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "==", ["value"] = 1L })
            .AddNode("mid", Throws("branch exploded"))
            .AddNode("end", Probe())
            .AddNode("other", Probe())
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "mid", "data")
            .AddConnection("mid", "data", "end", "data")
            .AddConnection("sw", "false_output", "other", "data")
            .Build();

    private static Workflow Counting(string convergeWhen, int? maxIterations)
    {
        var builder = new WorkflowBuilder("counter")
            .AddNode("counter", Counter())
            .AddNode("after", Probe())
            .AddConnection("counter", "count", "after", "data");
        var cycle = builder.CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen(convergeWhen);
        if (maxIterations is { } max)
        {
            cycle.MaxIterations(max);
        }

        return cycle.Build().Build();
    }

    private static Workflow TwoNodeLoop()
        => new WorkflowBuilder("two-node")
            .AddNode("seed", Constant(0L))
            .AddNode("inc", Increment())
            .AddNode("check", Check())
            .AddNode("after", Probe())
            .AddConnection("seed", "result", "inc", "value")
            .AddConnection("inc", "value", "check", "value")
            .AddConnection("check", "value", "after", "data")
            .CreateCycle("opt").Connect("check", "inc", Map("value", "value")).MaxIterations(20).ConvergeWhen("converged == true").Build()
            .Build();

    private static Workflow SwitchLoop()
        => new WorkflowBuilder("switch-loop")
            .AddNode("counter", Counter())
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "<", ["value"] = 3L })
            .AddNode("done", Probe())
            .AddConnection("counter", "count", "sw", "input_data")
            .AddConnection("sw", "false_output", "done", "data")
            .CreateCycle("loop").Connect("sw", "true_output", "counter", "count").MaxIterations(10).Build()
            .Build();

    /// <summary>src → gate (&gt; 5): true feeds the loop's limit (the loop counts up to it) → after; false → small.</summary>
    private static Workflow AfterSwitch(long value)
        => new WorkflowBuilder("after-switch")
            .AddNode("src", Constant(value))
            .AddNode("SwitchNode", "gate", new() { ["operator"] = ">", ["value"] = 5L })
            .AddNode("counter", Counter())
            .AddNode("after", Probe())
            .AddNode("small", Probe())
            .AddConnection("src", "result", "gate", "input_data")
            .AddConnection("gate", "true_output", "counter", "limit")
            .AddConnection("gate", "false_output", "small", "data")
            .AddConnection("counter", "count", "after", "data")
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen("done").MaxIterations(10).Build()
            .Build();
}
