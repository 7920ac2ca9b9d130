using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Kailash.Nodes.Logic;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Conditional;

public sealed class ConditionalRouterTests
{
    public static TheoryData<ConditionalExecutionMode> Modes() => [ConditionalExecutionMode.RouteData, ConditionalExecutionMode.SkipBranches];

    /// <summary>src → sw; true → t; false → f → f_down; t and f → merge (behaviour reference B4/B5/B6).</summary>
    internal static Workflow StatusRouter(string status, ConcurrentQueue<string> calls)
        => new WorkflowBuilder("status-router")
            .AddNode("src", TestRuns.Constant(new Dictionary<string, object?> { ["status"] = status }))
            .AddNode("SwitchNode", "sw", new() { ["condition_field"] = "status", ["operator"] = "==", ["value"] = "ok" })
            .AddNode("t", TestRuns.Recording(calls, "t"))
            .AddNode("f", TestRuns.Recording(calls, "f"))
            .AddNode("f_down", TestRuns.Recording(calls, "f_down"))
            .AddNode("MergeNode", "merge")
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "t", "data")
            .AddConnection("sw", "false_output", "f", "data")
            .AddConnection("f", "data", "f_down", "data")
            .AddConnection("t", "data", "merge", "data1")
            .AddConnection("f", "data", "merge", "data2")
            .Build();

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_InactiveBranch_IsSkippedTransitively_AndNeverInvoked(ConditionalExecutionMode mode)
    {
        var calls = new ConcurrentQueue<string>();

        var result = TestRuns.Sync(StatusRouter("ok", calls), TestRuns.Mode(mode));

        Assert.Equal(["t"], calls);
        Assert.Equal(NodeStatus.Skipped, result["f"].Status);
        Assert.Equal(SkipReason.ConditionalRouting, result["f"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["f_down"].SkipReason);
        Assert.Equal(new Dictionary<string, object?> { ["status"] = "ok" }, result["merge"]["merged_data"]);
        Assert.Equal(6, result.Results.Count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_CascadingSwitches_SkipEverythingBehindAnInactiveSwitch(ConditionalExecutionMode mode)
    {
        // Behaviour reference B7: Python's sync route_data ran b_true and b_false although sw2 was skipped.
        var calls = new ConcurrentQueue<string>();
        var workflow = new WorkflowBuilder("cascade")
            .AddNode("src", TestRuns.Constant(new Dictionary<string, object?> { ["a"] = 0L, ["b"] = 1L }))
            .AddNode("SwitchNode", "sw1", new() { ["condition_field"] = "a", ["operator"] = "==", ["value"] = 1L })
            .AddNode("SwitchNode", "sw2", new() { ["condition_field"] = "b", ["operator"] = "==", ["value"] = 1L })
            .AddNode("a_false", TestRuns.Recording(calls, "a_false"))
            .AddNode("b_true", TestRuns.Recording(calls, "b_true"))
            .AddNode("b_false", TestRuns.Recording(calls, "b_false"))
            .AddConnection("src", "result", "sw1", "input_data")
            .AddConnection("sw1", "true_output", "sw2", "input_data")
            .AddConnection("sw1", "false_output", "a_false", "data")
            .AddConnection("sw2", "true_output", "b_true", "data")
            .AddConnection("sw2", "false_output", "b_false", "data")
            .Build();

        var result = TestRuns.Sync(workflow, TestRuns.Mode(mode));

        Assert.Equal(["a_false"], calls);
        Assert.Equal(SkipReason.ConditionalRouting, result["sw2"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["b_true"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["b_false"].SkipReason);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_NodeWithSomeInputsDead_RunsWithThoseInputsAbsent(ConditionalExecutionMode mode)
    {
        var calls = new ConcurrentQueue<string>();
        var workflow = new WorkflowBuilder("partial")
            .AddNode("src", TestRuns.Constant(5L))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = ">", ["value"] = 10L })
            .AddNode("x", TestRuns.Recording(calls, "x"))
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "x", "data")
            .AddConnection("src", "result", "x", "other")
            .Build();

        var result = TestRuns.Sync(workflow, TestRuns.Mode(mode));

        Assert.Equal("<absent>", result["x"]["data"]);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_FailureInsideABranch_IsRaised_NeverSwallowed(ConditionalExecutionMode mode)
    {
        // Behaviour reference B28: Python's skip_branches returned normally without the failed node and its dependents.
        var calls = new ConcurrentQueue<string>();
        var workflow = BranchWithFailure(calls);
        using var runtime = new LocalRuntime(TestRuns.Mode(mode));

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, null, TestContext.Current.CancellationToken));

        Assert.Equal("mid", error.NodeId);
        Assert.IsType<InvalidOperationException>(error.InnerException);
        Assert.Equal(NodeStatus.Failed, error.Result["mid"].Status);
        Assert.Equal(SkipReason.RunStopped, error.Result["end"].SkipReason);
        Assert.Equal(["mid"], calls);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Run_FailureInsideABranch_UnderContinue_IsRecorded_AndItsDependentsSkipped(ConditionalExecutionMode mode)
    {
        var calls = new ConcurrentQueue<string>();

        var result = await TestRuns.Async(BranchWithFailure(calls), TestRuns.Mode(mode, ErrorPolicy.Continue));

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(NodeStatus.Failed, result["mid"].Status);
        Assert.Equal(SkipReason.UpstreamFailed, result["end"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["other"].SkipReason);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_FailingSourceBeforeASwitch_RunsOnce_WithoutFallback(ConditionalExecutionMode mode)
    {
        // Behaviour reference B28: Python's skip_branches fell back recursively and ran the source 983 times.
        var calls = new ConcurrentQueue<string>();
        var workflow = new WorkflowBuilder("failing-source")
            .AddNode("src", TestRuns.Throwing(calls, "src"))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "is_null" })
            .AddNode("after", TestRuns.Recording(calls, "after"))
            .AddConnection("src", "data", "sw", "input_data")
            .AddConnection("sw", "true_output", "after", "data")
            .Build();

        var result = TestRuns.Sync(workflow, TestRuns.Mode(mode));

        Assert.Equal(["src"], calls);
        Assert.Equal(NodeStatus.Failed, result["src"].Status);
        Assert.Equal(SkipReason.RunStopped, result["sw"].SkipReason);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Run_SwitchWhoseInputIsSkipped_IsSkipped_AndSoAreItsBranches(ConditionalExecutionMode mode)
    {
        var calls = new ConcurrentQueue<string>();
        var workflow = new WorkflowBuilder("nested")
            .AddNode("src", TestRuns.Constant(3L))
            .AddNode("SwitchNode", "outer", new() { ["operator"] = ">", ["value"] = 5L })
            .AddNode("SwitchNode", "inner", new() { ["operator"] = ">", ["value"] = 8L })
            .AddNode("low", TestRuns.Recording(calls, "low"))
            .AddNode("mid", TestRuns.Recording(calls, "mid"))
            .AddNode("high", TestRuns.Recording(calls, "high"))
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

        var result = TestRuns.Sync(workflow, TestRuns.Mode(mode));

        Assert.Equal(["low"], calls);
        Assert.Equal(SkipReason.ConditionalRouting, result["inner"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["mid"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["high"].SkipReason);
        Assert.Equal(3L, result["join"]["merged_data"]);
    }

    [Fact]
    public async Task Run_BothModes_GiveIdenticalResults_OnBothRuntimes()
    {
        foreach (var status in new[] { "ok", "bad" })
        {
            var snapshots = new List<string>();
            foreach (var mode in new[] { ConditionalExecutionMode.RouteData, ConditionalExecutionMode.SkipBranches })
            {
                snapshots.Add(Snapshot(TestRuns.Sync(StatusRouter(status, new()), TestRuns.Mode(mode))));
                snapshots.Add(Snapshot(await TestRuns.Async(StatusRouter(status, new()), TestRuns.Mode(mode))));
            }

            Assert.All(snapshots, s => Assert.Equal(snapshots[0], s));
        }
    }

    [Fact]
    public void OnCompleted_InSkipBranches_PrunesWhatTheInactivePortAloneFed()
    {
        var workflow = StatusRouter("bad", new());
        var plan = ExecutionPlanBuilder.Build(workflow);
        var run = NewRun(plan, ConditionalExecutionMode.SkipBranches);
        var sw = plan.Nodes[plan.IndexById["sw"]];
        var outputs = new SwitchNode().Run(Kailash.Nodes.NodeInputs.Create(new Dictionary<string, object?> { ["input_data"] = 1L, ["operator"] = "==", ["value"] = 2L }), NodeContextFor("sw"));
        var result = new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, 1, TimeSpan.Zero);

        RunRecorder.Record(run, sw, result);

        var marks = run.State.SkipMarks;
        Assert.NotNull(marks);
        Assert.True(marks.IsPruned(plan.IndexById["t"]));
        Assert.False(marks.IsPruned(plan.IndexById["f"]));
        Assert.False(marks.IsPruned(plan.IndexById["merge"]));
        Assert.Equal(SkipReason.ConditionalRouting, run.Services.Conditional.DecideSkip(run, plan.Nodes[plan.IndexById["t"]]));
    }

    [Fact]
    public void OnCompleted_InRouteData_PrunesNothing()
    {
        var plan = ExecutionPlanBuilder.Build(StatusRouter("bad", new()));
        var run = NewRun(plan, ConditionalExecutionMode.RouteData);
        var outputs = new SwitchNode().Run(Kailash.Nodes.NodeInputs.Create(new Dictionary<string, object?> { ["input_data"] = 1L, ["operator"] = "is_null" }), NodeContextFor("sw"));

        RunRecorder.Record(run, plan.Nodes[plan.IndexById["sw"]], new NodeResult(NodeStatus.Completed, outputs, null, SkipReason.None, 1, TimeSpan.Zero));

        Assert.Null(run.State.SkipMarks);
    }

    [Fact]
    public void Options_UndefinedMode_AreRejected()
    {
        var error = Assert.Throws<InvalidRuntimeOptionsException>(() => new LocalRuntime(new RuntimeOptions { ConditionalExecution = (ConditionalExecutionMode)7 }));

        Assert.Contains("ConditionalExecution", error.Message, StringComparison.Ordinal);
    }

    internal static string Snapshot(WorkflowRunResult result)
    {
        var text = new StringBuilder();
        foreach (var (id, node) in result.Results)
        {
            text.Append(id).Append(':').Append(node.Status).Append(':').Append(node.SkipReason).Append(':').Append(JsonSerializer.Serialize(node.Outputs)).Append(':').Append(node.ErrorCode).Append('\n');
        }

        foreach (var (id, cycle) in result.Cycles)
        {
            text.Append(id).Append(':').Append(cycle.Iterations).Append(':').Append(cycle.Termination).Append('\n');
        }

        return text.ToString();
    }

    private static Workflow BranchWithFailure(ConcurrentQueue<string> calls)
        => new WorkflowBuilder("branch-failure")
            .AddNode("src", TestRuns.Constant(1L))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "==", ["value"] = 1L })
            .AddNode("mid", TestRuns.Throwing(calls, "mid"))
            .AddNode("end", TestRuns.Recording(calls, "end"))
            .AddNode("other", TestRuns.Recording(calls, "other"))
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "mid", "data")
            .AddConnection("mid", "data", "end", "data")
            .AddConnection("sw", "false_output", "other", "data")
            .Build();

    private static RunContext NewRun(ExecutionPlan plan, ConditionalExecutionMode mode)
        => new(plan, new RuntimeServices(new RuntimeOptions { ConditionalExecution = mode }), new RunState(plan, "run"), true, RunParameters.Empty, null, null, default);

    private static Kailash.Nodes.NodeContext NodeContextFor(string id)
        => new("run", "wf", id, "SwitchNode", true, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, null, null, default);
}
