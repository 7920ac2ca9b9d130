using System.Collections.Concurrent;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Tests.Runtime.Conditional;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Kailash.Tests.Runtime.Cycles.CycleTestKit;

namespace Kailash.Tests.Runtime.Cycles;

public sealed class CycleCoordinatorTests
{
    public static TheoryData<bool> Runtimes() => [false, true];

    /// <summary>Behaviour reference B8: a self-loop counter that converges on <c>done == true</c>, then a downstream node.</summary>
    internal static Workflow ConvergingCounter(ConcurrentQueue<string>? calls = null, string convergeWhen = "done == true", int? maxIterations = 10)
    {
        var builder = new WorkflowBuilder("counter")
            .AddNode("counter", Counter(calls))
            .AddNode("after", Echo(calls))
            .AddConnection("counter", "count", "after", "data");
        var cycle = builder.CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).ConvergeWhen(convergeWhen);
        if (maxIterations is { } max)
        {
            cycle.MaxIterations(max);
        }

        return cycle.Build().Build();
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_SelfLoop_ConvergesAndFeedsTheLastOutputsDownstream(bool async)
    {
        var calls = new ConcurrentQueue<string>();

        var result = await Run(ConvergingCounter(calls), async);

        Assert.Equal(["counter(0,1)", "counter(1,2)", "counter(2,3)", "after"], calls);
        Assert.Equal(3L, result["counter"]["count"]);
        Assert.Equal(3L, result["after"]["data"]);
        var report = result.Cycles["loop"];
        Assert.Equal(3, report.Iterations);
        Assert.Equal(CycleTermination.Converged, report.Termination);
        Assert.True(report.Converged);
        Assert.Null(report.Error);
    }

    [Theory]
    [InlineData("done == True")]
    [InlineData("counter.count >= 3 && iteration == 3")]
    [InlineData("abs(count - 3) < 1")]
    public void Run_ConvergenceNames_ResolveToOutputsIterationAndPythonLiterals(string expression)
    {
        var result = TestRuns.Sync(ConvergingCounter(convergeWhen: expression));

        Assert.Equal(CycleTermination.Converged, result.Cycles["loop"].Termination);
        Assert.Equal(3, result.Cycles["loop"].Iterations);
    }

    [Fact]
    public void Run_NodeSpecificParameters_SeedTheLoop_AndTheBackEdgeDrivesIt()
    {
        // Behaviour reference B8: parameters {"counter": {"count": 10, "step": 5}} give one iteration and count 15.
        var result = TestRuns.Sync(ConvergingCounter(), parameters: new() { ["counter"] = new Dictionary<string, object?> { ["count"] = 10L, ["step"] = 5L } });

        Assert.Equal(15L, result["counter"]["count"]);
        Assert.Equal(1, result.Cycles["loop"].Iterations);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_TwoNodeLoop_WithNodesBeforeAndAfter_RunsInIterationOrder(bool async)
    {
        // Behaviour reference B12.
        var calls = new ConcurrentQueue<string>();
        var workflow = TwoNodeLoop(calls);

        var result = await Run(workflow, async);

        Assert.Equal(["inc(0,1)", "check(1,1)", "inc(1,2)", "check(2,2)", "inc(2,3)", "check(3,3)", "after"], calls);
        Assert.Equal(3L, result["after"]["data"]);
        Assert.Equal(CycleTermination.Converged, result.Cycles["opt"].Termination);
        Assert.Equal(3, result.Cycles["opt"].Iterations);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_MaxIterationsWithoutConverging_IsVisible_AndLoggedAsAWarning(bool async)
    {
        // Behaviour reference B9: Python gave no sign that the loop had not converged.
        var logs = new CapturingLoggerFactory();

        var result = await Run(ConvergingCounter(convergeWhen: "count >= 100", maxIterations: 4), async, new RuntimeOptions { LoggerFactory = logs });

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        Assert.Equal(4L, result["counter"]["count"]);
        Assert.Equal(4L, result["after"]["data"]);
        Assert.Equal(CycleTermination.MaxIterations, result.Cycles["loop"].Termination);
        var warning = Assert.Single(logs.Entries, e => e.Id.Id == CycleLog.MaxIterationsReachedId);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Cycle 'loop'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("max_iterations = 4", warning.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_OneIterationLimit_WarningDoesNotSayOneIterations(bool async)
    {
        var logs = new CapturingLoggerFactory();

        await Run(ConvergingCounter(convergeWhen: "count >= 100", maxIterations: 1), async, new RuntimeOptions { LoggerFactory = logs });

        var warning = Assert.Single(logs.Entries, e => e.Id.Id == CycleLog.MaxIterationsReachedId);
        Assert.DoesNotContain("1 iterations", warning.Message, StringComparison.Ordinal);
        Assert.Contains("max_iterations = 1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_FixedCountLoop_ReachesMaxIterations_WithoutWarning()
    {
        var logs = new CapturingLoggerFactory();
        var workflow = new WorkflowBuilder("fixed")
            .AddNode("counter", Counter())
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).MaxIterations(7).Build()
            .Build();

        var result = TestRuns.Sync(workflow, new RuntimeOptions { LoggerFactory = logs, Cycles = new CycleOptions { FailOnMaxIterations = true } });

        Assert.Equal(7L, result["counter"]["count"]);
        Assert.Equal(CycleTermination.MaxIterations, result.Cycles["loop"].Termination);
        Assert.Empty(logs.Entries);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_FailOnMaxIterations_FailsTheRun_WithKWF048(bool async)
    {
        var options = new RuntimeOptions { Cycles = new CycleOptions { FailOnMaxIterations = true } };
        var workflow = ConvergingCounter(convergeWhen: "count >= 100", maxIterations: 4);

        var error = async
            ? await Assert.ThrowsAsync<WorkflowExecutionException>(async () => await new AsyncLocalRuntime(options).ExecuteAsync(workflow, null, TestContext.Current.CancellationToken))
            : Assert.Throws<WorkflowExecutionException>(() => new LocalRuntime(options).Execute(workflow, null, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.CycleDidNotConverge, error.Code);

        // The cycle is blamed, not one of its nodes: its id, its nodes, the limit and the fix.
        Assert.Null(error.NodeId);
        Assert.Equal("loop", error.CycleId);
        Assert.StartsWith("KWF048: Cycle 'loop' failed: Cycle 'loop' (nodes 'counter'", error.Message, StringComparison.Ordinal);
        Assert.Contains("reached its limit of max_iterations = 4 without converging", error.Message, StringComparison.Ordinal);
        Assert.Contains("'count >= 100' stayed false", error.Message, StringComparison.Ordinal);
        Assert.Contains("Please raise MaxIterations", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Node '", error.Message, StringComparison.Ordinal);
        Assert.Equal(CycleTermination.MaxIterations, error.Result.Cycles["loop"].Termination);
        Assert.Equal(ErrorCodes.CycleDidNotConverge, Assert.IsType<KailashException>(error.Result.Cycles["loop"].Error).Code);
        Assert.Equal(SkipReason.RunStopped, error.Result["after"].SkipReason);
    }

    [Theory]
    [InlineData("count / (count - count) > 1", "division by zero")]
    [InlineData("counter.missing > 1", "missing")]
    [InlineData("count", "true or false")]
    public void Run_ConvergenceEvaluationError_FailsTheRun_NeverCountsAsConverged(string expression, string detail)
    {
        // Behaviour reference B10: Python treated an evaluation error as "converged" and stopped after one iteration.
        var result = TestRuns.Sync(ConvergingCounter(convergeWhen: expression));

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(ErrorCodes.ExpressionEvaluationFailed, result["counter"].ErrorCode);
        Assert.Contains(detail, result["counter"].Error!.Message, StringComparison.OrdinalIgnoreCase);
        Assert.IsType<Kailash.Expressions.ExpressionEvaluationException>(result["counter"].Error!.InnerException);
        var report = result.Cycles["loop"];
        Assert.Equal(CycleTermination.Failed, report.Termination);
        Assert.False(report.Converged);
        Assert.Equal(1, report.Iterations);
    }

    [Fact]
    public void Run_ConvergeWhenWithoutMaxIterations_IsBoundedByTheDefault()
    {
        // Behaviour reference B11: Python crashed with a TypeError after the first iteration.
        var workflow = ConvergingCounter(convergeWhen: "count >= 100000", maxIterations: null);

        var byDefault = TestRuns.Sync(workflow);
        var configured = TestRuns.Sync(workflow, new RuntimeOptions { Cycles = new CycleOptions { DefaultMaxIterations = 7 } });

        Assert.Equal(CycleOptions.DefaultMaxIterationsValue, byDefault.Cycles["loop"].Iterations);
        Assert.Equal(CycleTermination.MaxIterations, byDefault.Cycles["loop"].Termination);
        Assert.Equal(7L, configured["counter"]["count"]);
    }

    [Fact]
    public void Run_Timeout_EndsTheCycleAfterTheIterationThatReachedIt()
    {
        var time = new FakeTimeProvider();
        var workflow = new WorkflowBuilder("slow")
            .AddNode("counter", Counter(onRun: () => time.Advance(TimeSpan.FromSeconds(1))))
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).Timeout(TimeSpan.FromSeconds(2.5)).Build()
            .Build();

        var result = TestRuns.Sync(workflow, new RuntimeOptions { TimeProvider = time });

        var report = result.Cycles["loop"];
        Assert.Equal(CycleTermination.Timeout, report.Termination);
        Assert.Equal(3, report.Iterations);
        Assert.Equal(TimeSpan.FromSeconds(3), report.Duration);
        Assert.Equal(3L, result["counter"]["count"]);
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task Run_SwitchInsideTheLoop_EndsWithConditionFalse_AndFeedsTheExitBranch(bool async)
    {
        var calls = new ConcurrentQueue<string>();
        var result = await Run(SwitchLoop(calls), async);

        Assert.Equal(CycleTermination.ConditionFalse, result.Cycles["loop"].Termination);
        Assert.Equal(3, result.Cycles["loop"].Iterations);
        Assert.Equal(3L, result["done"]["data"]);
        Assert.Equal(false, result["sw"]["condition_result"]);
        Assert.Equal(["counter(0,1)", "counter(1,2)", "counter(2,3)", "done"], calls);
    }

    [Theory]
    [InlineData(ConditionalExecutionMode.RouteData)]
    [InlineData(ConditionalExecutionMode.SkipBranches)]
    public void Run_LoopFedByABranchNotTaken_IsSkippedWithoutIterating(ConditionalExecutionMode mode)
    {
        var calls = new ConcurrentQueue<string>();
        var workflow = new WorkflowBuilder("skipped-loop")
            .AddNode("src", TestRuns.Constant(1L))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = ">", ["value"] = 5L })
            .AddNode("counter", Counter(calls))
            .AddNode("after", Echo(calls))
            .AddConnection("src", "result", "sw", "input_data")
            .AddConnection("sw", "true_output", "counter", "count")
            .AddConnection("counter", "count", "after", "data")
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).MaxIterations(5).Build()
            .Build();

        var result = TestRuns.Sync(workflow, TestRuns.Mode(mode));

        Assert.Empty(calls);
        Assert.Equal(SkipReason.ConditionalRouting, result["counter"].SkipReason);
        Assert.Equal(SkipReason.ConditionalRouting, result["after"].SkipReason);
        Assert.Equal(CycleTermination.Skipped, result.Cycles["loop"].Termination);
        Assert.Equal(0, result.Cycles["loop"].Iterations);
    }

    [Fact]
    public void Run_NodesSeeTheirCycleState()
    {
        var seen = new ConcurrentQueue<string>();
        var node = new LambdaNode(
            (inputs, context) =>
            {
                var cycle = context.Cycle!;
                seen.Enqueue($"{cycle.CycleId}:{cycle.Iteration}/{cycle.MaxIterations}:{cycle.IsFirstIteration}:{cycle.IsLastIteration}:{cycle.PreviousOutputs?["total"] ?? "-"}");
                return new Dictionary<string, object?> { ["total"] = inputs.GetOrDefault("total", 0L) + 10 };
            },
            [new NodeParameter("total", typeof(long))],
            ["total"]);
        var workflow = new WorkflowBuilder("state")
            .AddNode("acc", node)
            .CreateCycle("acc-loop").Connect("acc", "acc", Map("total", "total")).MaxIterations(3).Build()
            .Build();

        TestRuns.Sync(workflow);

        Assert.Equal(["acc-loop:1/3:True:False:-", "acc-loop:2/3:False:False:10", "acc-loop:3/3:False:True:20"], seen);
    }

    [Fact]
    public async Task Run_IndependentLoops_AndDagNodesAround_AllRunOnBothRuntimes()
    {
        var workflow = new WorkflowBuilder("two-loops")
            .AddNode("seed", TestRuns.Constant(0L))
            .AddNode("c1", Counter())
            .AddNode("c2", Counter())
            .AddNode("join", new LambdaNode(i => i.Get<long>("x") * 100 + i.Get<long>("y"), [new NodeParameter("x", typeof(long)) { Required = true }, new NodeParameter("y", typeof(long)) { Required = true }]))
            .AddConnection("seed", "result", "c1", "count")
            .AddConnection("seed", "result", "c2", "count")
            .AddConnection("c1", "count", "join", "x")
            .AddConnection("c2", "count", "join", "y")
            .CreateCycle("first").Connect("c1", "c1", Map("count", "count")).MaxIterations(2).Build()
            .CreateCycle("second").Connect("c2", "c2", Map("count", "count")).MaxIterations(5).Build()
            .Build();

        var sync = TestRuns.Sync(workflow);
        var concurrent = await TestRuns.Async(workflow, new RuntimeOptions { MaxConcurrency = 8 });

        Assert.Equal(205L, sync["join"]["result"]);
        Assert.Equal(ConditionalRouterTests.Snapshot(sync), ConditionalRouterTests.Snapshot(concurrent));
        Assert.Equal(2, sync.Cycles["first"].Iterations);
        Assert.Equal(5, sync.Cycles["second"].Iterations);
    }

    [Fact]
    public void Run_StepBudget_StopsARunawayLoopLoudly()
    {
        var workflow = new WorkflowBuilder("budget")
            .AddNode("counter", Counter())
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).MaxIterations(1000).Build()
            .Build();
        using var runtime = new LocalRuntime(new RuntimeOptions { MaxSteps = 5 });

        var error = Assert.Throws<WorkflowExecutionException>(() => runtime.Execute(workflow, null, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.StepBudgetExceeded, error.Code);
        Assert.Equal(CycleTermination.Failed, error.Result.Cycles["loop"].Termination);
        Assert.Equal(6, error.Result.Cycles["loop"].Iterations);
    }

    [Fact]
    public async Task Run_MemberFailure_UnderContinue_FailsTheCycle_AndSkipsEverythingItFeeds()
    {
        var workflow = new WorkflowBuilder("member-failure")
            .AddNode("seed", TestRuns.Constant(0L))
            .AddNode("inc", Increment())
            .AddNode("fragile", FailOnIteration(2))
            .AddNode("after", Echo())
            .AddNode("independent", Echo())
            .AddConnection("seed", "result", "inc", "value")
            .AddConnection("inc", "value", "fragile", "value")
            .AddConnection("inc", "value", "after", "data")
            .AddConnection("seed", "result", "independent", "data")
            .CreateCycle("loop").Connect("fragile", "inc", Map("value", "value")).MaxIterations(5).Build()
            .Build();
        var options = new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue };

        var result = await TestRuns.Async(workflow, options);

        Assert.Equal(WorkflowRunStatus.Failed, result.Status);
        Assert.Equal(NodeStatus.Failed, result["fragile"].Status);
        Assert.Equal(SkipReason.UpstreamFailed, result["inc"].SkipReason);
        Assert.Equal(SkipReason.UpstreamFailed, result["after"].SkipReason);
        Assert.Equal(0L, result["independent"]["data"]);
        var report = result.Cycles["loop"];
        Assert.Equal(CycleTermination.Failed, report.Termination);
        Assert.Equal(2, report.Iterations);
        Assert.IsType<InvalidOperationException>(report.Error);
        Assert.Equal(ConditionalRouterTests.Snapshot(TestRuns.Sync(workflow, options)), ConditionalRouterTests.Snapshot(result));
    }

    [Fact]
    public void Run_CancelledInsideALoop_IsCancelled()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var runs = 0;
        var workflow = new WorkflowBuilder("cancel")
            .AddNode("counter", Counter(onRun: () =>
            {
                // Cancel during the second iteration; the third never starts its node.
                if (++runs == 2)
                {
                    cancellation.Cancel();
                }
            }))
            .CreateCycle("loop").Connect("counter", "counter", Map("count", "count")).MaxIterations(10).Build()
            .Build();
        using var runtime = new LocalRuntime();

        var error = Assert.Throws<WorkflowCancelledException>(() => runtime.Execute(workflow, null, cancellation.Token));

        Assert.Equal(CycleTermination.Cancelled, error.Result.Cycles["loop"].Termination);
        Assert.Equal(2, error.Result.Cycles["loop"].Iterations);
        Assert.Equal(NodeStatus.Cancelled, error.Result["counter"].Status);
    }

    [Fact]
    public void Run_Progress_CountsEachCycleMemberOnce()
    {
        var progress = new RecordingProgress<WorkflowProgress>();
        using var runtime = new LocalRuntime();

        runtime.Execute(TwoNodeLoop(), null, new RunSettings { Progress = progress }, TestContext.Current.CancellationToken);

        Assert.All(progress.Reports, p => Assert.InRange(p.CompletedNodes, 0, p.TotalNodes));
        Assert.Equal(4, progress.Reports.Last().CompletedNodes);
        Assert.Equal(4, progress.Reports.Last().TotalNodes);
    }

    [Fact]
    public void Run_TenThousandIterations_KeepsOnlyTheLatestResults()
    {
        var workflow = new WorkflowBuilder("long")
            .AddNode("counter", Counter())
            .AddNode("echo", Echo())
            .AddConnection("counter", "count", "echo", "data")
            .CreateCycle("loop").Connect("echo", "counter", Map("data", "count")).MaxIterations(10_000).Build()
            .Build();

        var result = TestRuns.Sync(workflow);

        Assert.Equal(10_000L, result["echo"]["data"]);
        Assert.Equal(10_000, result.Cycles["loop"].Iterations);
        Assert.Equal(2, result.Results.Count);
    }

    internal static Workflow TwoNodeLoop(ConcurrentQueue<string>? calls = null)
        => new WorkflowBuilder("two-node")
            .AddNode("seed", TestRuns.Constant(0L))
            .AddNode("inc", Increment(calls))
            .AddNode("check", Check(calls))
            .AddNode("after", Echo(calls))
            .AddConnection("seed", "result", "inc", "value")
            .AddConnection("inc", "value", "check", "value")
            .AddConnection("check", "value", "after", "data")
            .CreateCycle("opt").Connect("check", "inc", Map("value", "value")).MaxIterations(20).ConvergeWhen("converged == true").Build()
            .Build();

    /// <summary>counter → sw (count &lt; 3); the true branch loops back, the false branch exits to <c>done</c>.</summary>
    internal static Workflow SwitchLoop(ConcurrentQueue<string>? calls = null)
        => new WorkflowBuilder("switch-loop")
            .AddNode("counter", Counter(calls))
            .AddNode("SwitchNode", "sw", new() { ["operator"] = "<", ["value"] = 3L })
            .AddNode("done", Echo(calls))
            .AddConnection("counter", "count", "sw", "input_data")
            .AddConnection("sw", "false_output", "done", "data")
            .CreateCycle("loop").Connect("sw", "true_output", "counter", "count").MaxIterations(10).Build()
            .Build();

    private static async Task<WorkflowRunResult> Run(Workflow workflow, bool async, RuntimeOptions? options = null)
        => async ? await TestRuns.Async(workflow, options) : TestRuns.Sync(workflow, options);
}
