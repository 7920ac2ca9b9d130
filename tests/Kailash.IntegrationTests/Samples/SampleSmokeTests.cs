using Kailash.Runtime;
using Kailash.Runtime.Conditional;
using Kailash.Runtime.Cycles;
using Kailash.Runtime.Enterprise;
using Kailash.Samples;

namespace Kailash.IntegrationTests.Samples;

/// <summary>
/// Runs every sample of <c>samples/Kailash.Samples</c> and checks the values it produced. The samples hold every C#
/// block of the docs (see <c>DocSnippetTests</c>), so these tests are what keeps the documented code working.
/// </summary>
public sealed class SampleSmokeTests
{
    [Fact]
    public void Program_RunsEverySampleClass()
    {
        var sampleClasses = typeof(SampleOutcome).Assembly.GetTypes()
            .Where(t => t.Name.EndsWith("Sample", StringComparison.Ordinal) && t.IsClass && t.IsAbstract && t.IsSealed)
            .Select(t => t.Name)
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Equal(sampleClasses, Program.Samples.Select(s => s.Name).Order(StringComparer.Ordinal).ToList());
        Assert.Equal(13, sampleClasses.Count);
    }

    [Fact]
    public async Task Program_Main_RunsAllSamplesAndSucceeds()
    {
        // Tests of one class run one at a time, so no other sample (or its process-wide listeners) runs meanwhile.
        using var output = new StringWriter();
        var original = Console.Out;
        Console.SetOut(TextWriter.Synchronized(output));
        int exitCode;
        try
        {
            exitCode = await Program.Main();
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Equal(0, exitCode);
        var text = output.ToString();
        foreach (var (name, _) in Program.Samples)
        {
            Assert.Contains($"=== {name}", text, StringComparison.Ordinal);
        }

        Assert.Contains("sync.check = True", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuickStart_BothRuntimesGiveTheReadmeValues()
    {
        var outcome = await QuickStartSample.RunAsync();

        Assert.Equal(144L, outcome["sync.double"]);
        Assert.Equal(144L, outcome["async.double"]);
        Assert.Equal(true, outcome["sync.check"]);
        Assert.Equal(true, outcome["async.check"]);
        Assert.Equal(true, outcome["runIdsDiffer"]);
        Assert.Equal(true, outcome["runIdIsGuid"]);
    }

    [Fact]
    public void LinearWorkflow_RunsInPlanOrderAndReportsEveryBuildError()
    {
        var outcome = LinearWorkflowSample.Run();

        Assert.Equal(WorkflowRunStatus.Completed, outcome["status"]);
        Assert.Equal("Ada", outcome["first"]);
        Assert.Equal("Lovelace", outcome["last"]);
        Assert.Equal("Hello, Ada!", outcome["greeting"]);
        Assert.Equal("HELLO, ADA!", outcome["shout"]);
        Assert.Equal(["split", "greet", "shout"], (List<string>)outcome["order"]!);
        Assert.Equal("Ships to London", outcome["label"]);
        Assert.Equal([ErrorCodes.UnknownNodeType, ErrorCodes.UnknownTargetNode, ErrorCodes.UnknownOutputPort], (List<string>)outcome["buildErrors"]!);
    }

    [Fact]
    public async Task ConditionalRouting_SkipsTheBranchNotTakenInBothModes()
    {
        var outcome = await ConditionalRoutingSample.RunAsync();

        Assert.Equal(true, outcome["hasConditionalPatterns"]);
        Assert.Equal("Ada is approved", outcome["routeData.merged"]);
        Assert.Equal("Ada is approved", outcome["skipBranches.merged"]);
        Assert.Equal(NodeStatus.Skipped, outcome["routeData.low"]);
        Assert.Equal(NodeStatus.Skipped, outcome["skipBranches.low"]);
        Assert.Equal(SkipReason.ConditionalRouting, outcome["routeData.lowReason"]);
        Assert.Equal(SkipReason.ConditionalRouting, outcome["skipBranches.lowReason"]);
        Assert.Equal(ConditionalExecutionMode.SkipBranches, outcome["skipBranches.mode"]);
        Assert.Equal(["true_output"], (List<string>)outcome["path.taken"]!);
        Assert.Equal(["false_output"], (List<string>)outcome["path.notTaken"]!);
        Assert.Equal(["gate", "high", "collect"], (List<string>)outcome["path.executed"]!);
        Assert.Equal(["low"], (List<string>)outcome["path.skipped"]!);
        Assert.Contains("3 executed, 1 skipped", (string)outcome["path.text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cycles_ConvergeAndReportTheSameOnBothRuntimes()
    {
        var outcome = await CycleSample.RunAsync();

        Assert.Equal(CycleTermination.Converged, outcome["newton.termination"]);
        Assert.Equal(4, outcome["newton.iterations"]);
        Assert.Equal(Math.Sqrt(2), (double)outcome["newton.guess"]!, 1e-9);
        Assert.StartsWith("sqrt(2) ~ 1.41421356", (string)outcome["newton.summary"]!, StringComparison.Ordinal);
        Assert.Equal(5L, outcome["counter.count"]);
        Assert.Equal(5, outcome["counter.iteration"]);
        Assert.Equal(CycleTermination.Converged, outcome["counter.termination"]);
        Assert.Equal(5, outcome["counter.iterations"]);
        Assert.Equal(5L, outcome["counter.sync.count"]);
        Assert.Equal(5, outcome["counter.sync.iterations"]);
        Assert.Equal(CycleOptions.DefaultMaxIterationsValue, outcome["info.maxIterations"]);
        Assert.Equal("done", outcome["info.convergeWhen"]);
        Assert.Equal(true, outcome["hasCycles"]);
    }

    [Fact]
    public async Task Resilience_RetriesTheFlakyNodeOnBothRuntimesAndOpensTheBreaker()
    {
        var outcome = await ResilienceSample.RunAsync();

        foreach (var runtime in new[] { "sync.", "async." })
        {
            Assert.Equal(3, outcome[runtime + "attempts"]);
            Assert.Equal(NodeStatus.Completed, outcome[runtime + "status"]);
            Assert.Equal("order A-17: shipped", outcome[runtime + "value"]);
            Assert.Equal(2L, outcome[runtime + "retries"]);
        }

        Assert.Equal(ErrorCodes.CircuitOpen, outcome["breaker.errorCode"]);
        Assert.Equal(0, outcome["breaker.attempts"]);
        Assert.Equal(CircuitState.Open, outcome["breaker.state"]);
        Assert.Equal(RuntimeHealthStatus.Degraded, outcome["breaker.health"]);
        Assert.Equal(true, outcome["breaker.reset"]);
        Assert.Equal(CircuitState.Closed, outcome["breaker.afterReset"]);

        Assert.Equal(4, outcome["facade.geocodeAttempts"]);
        Assert.Equal("saved order B-2: shipped", outcome["facade.save"]);
        Assert.Equal(1, outcome["facade.saveAttempts"]);
        Assert.Equal(RuntimeHealthStatus.Healthy, outcome["facade.health"]);
        Assert.Equal(["database", "geo-api"], (List<string>)outcome["facade.resources"]!);
        Assert.Equal(2, outcome["facade.metrics.completed"]);
        Assert.Equal(5L, outcome["facade.metrics.attempts"]);
        Assert.Equal(3L, outcome["facade.report.retries"]);
        Assert.Equal(["patient"], (List<string>)outcome["facade.strategies"]!);
    }

    [Fact]
    public async Task Telemetry_EventsSpansMetricsAndAggregatesSeeTheRuns()
    {
        var outcome = await TelemetrySample.RunAsync();

        Assert.Equal(["price:Completed", "gate:Completed", "expensive:Skipped", "cheap:Completed"], (List<string>)outcome["events"]!);
        Assert.Equal(["kailash.node", "kailash.run"], (List<string>)outcome["spans.operations"]!);
        Assert.Equal(["cheap", "gate", "price"], (List<string?>)outcome["spans.nodes"]!);
        Assert.Equal(3L, outcome["metrics.nodesCompleted"]);
        Assert.Equal(4L, outcome["analytics.expressionExecutions"]);
        Assert.Equal(2L, outcome["counters.runsCompleted"]);
        Assert.Equal(["price", "gate", "expensive", "cheap"], (List<string>)outcome["plan.order"]!);
        Assert.Equal(true, outcome["plan.fromCache"]);
        Assert.Equal(WorkflowRunStatus.Completed, outcome["path.status"]);
        Assert.Equal(0, outcome["afterClear.workflows"]);
        Assert.Equal(false, outcome["monitoring"]);
    }

    [Fact]
    public async Task SyncVsAsync_GiveIdenticalResultsAndHonourRunSettings()
    {
        var outcome = await SyncVsAsyncSample.RunAsync();

        Assert.Equal(250L, outcome["sync.total"]);
        Assert.Equal(250L, outcome["async.total"]);
        Assert.Equal(true, outcome["sameOrder"]);
        Assert.Equal(true, outcome["sameOutputs"]);
        Assert.Equal(["ada", "grace", "katherine", "margaret", "total"], (List<string>)outcome["order"]!);
        Assert.Equal("nightly-2024-06-01", outcome["settings.runId"]);
        Assert.Equal("ada", outcome["settings.user"]);
        Assert.Equal(5, outcome["progress.count"]);
        Assert.Equal("5/5", outcome["progress.last"]);
    }

    [Fact]
    public async Task ErrorHandling_StopThrowsContinueReturnsCancellationKeepsFinishedWork()
    {
        var outcome = await ErrorHandlingSample.RunAsync();

        Assert.Equal("parse", outcome["stop.node"]);
        Assert.Equal(nameof(FormatException), outcome["stop.inner"]);
        Assert.Equal(ErrorCodes.NodeFailed, outcome["stop.code"]);
        Assert.Equal(NodeStatus.Skipped, outcome["stop.store"]);
        Assert.Equal(SkipReason.RunStopped, outcome["stop.storeReason"]);
        Assert.Equal(WorkflowRunStatus.Failed, outcome["continue.status"]);
        Assert.Equal(ErrorCodes.NodeFailed, outcome["continue.parseCode"]);
        Assert.Equal(SkipReason.UpstreamFailed, outcome["continue.store"]);
        Assert.Equal("read 1,12.50;2,n/a", outcome["continue.audit"]);
        Assert.Equal(WorkflowRunStatus.Cancelled, outcome["cancel.status"]);
        Assert.Equal(NodeStatus.Cancelled, outcome["cancel.first"]);
    }

    [Fact]
    public void WorkflowFiles_LoadSaveRoundTripAndDraw()
    {
        var outcome = WorkflowFileSample.Run();

        Assert.Equal("now 45", outcome["discount.text"]);
        Assert.Equal("Hi Grace", outcome["greeter.result"]);
        Assert.Equal(true, outcome["roundTrip"]);
        Assert.Equal(true, outcome["json.hasWorkflowId"]);
        Assert.Equal("flowchart TD", outcome["mermaid.firstLine"]);
        Assert.Contains("price -->|\"result -> price\"| label", (string)outcome["mermaid"]!, StringComparison.Ordinal);
        Assert.Equal([ErrorCodes.UnknownNodeType, ErrorCodes.MissingField, ErrorCodes.MissingField, ErrorCodes.MissingField], (List<string>)outcome["loadErrors"]!);
    }

    [Fact]
    public async Task ParametersAndSecrets_FollowTheDocumentedPrecedenceAndNeverShowTheSecret()
    {
        var outcome = await ParametersAndSecretsSample.RunAsync();

        Assert.Equal(100L, outcome["net"]);
        Assert.Equal(110L, outcome["gross"]);
        Assert.Equal("price=25, quantity=4", outcome["mapped.net"]);
        Assert.Equal("rate=10", outcome["mapped.gross"]);
        Assert.Equal(1200L, outcome["precedence.gross"]);
        Assert.Equal("Sales for EMEA (2024)", outcome["template"]);
        var unknown = (string)outcome["unknown.message"]!;
        Assert.StartsWith(ErrorCodes.UnknownParameter, unknown, StringComparison.Ordinal);
        Assert.Contains("Did you mean 'price'?", unknown, StringComparison.Ordinal);
        Assert.Equal("GET /orders with key ***", outcome["secret.result"]);
        Assert.Equal(true, outcome["secret.configKeepsReference"]);
        Assert.Equal(ErrorCodes.MissingSecret, outcome["declared.missingCode"]);
        Assert.Equal("connected as reporting", outcome["declared.result"]);
    }

    [Fact]
    public async Task Validation_ReportsWithoutRunningChecksContractsAndAccess()
    {
        var outcome = await ValidationSample.RunAsync();

        Assert.Equal(true, outcome["report.valid"]);
        Assert.Equal([ErrorCodes.MissingRequiredInput, ErrorCodes.MissingRequiredInput, ErrorCodes.DisconnectedNode, ErrorCodes.DisconnectedNode], (List<string>)outcome["report.warnings"]!);
        Assert.Equal([$"{ErrorCodes.MissingRequiredInput} total.tax"], (List<string>)outcome["withParameters.errors"]!);
        Assert.Equal(2L, outcome["metrics.validations"]);
        Assert.Equal(1L, outcome["metrics.failures"]);
        Assert.Equal(0L, outcome["metrics.afterReset"]);
        Assert.Equal(ErrorCodes.ConnectionContractViolation, outcome["contract.code"]);
        Assert.Equal(0, outcome["contract.attempts"]);
        Assert.Equal("ConnectionContractException", outcome["contract.type"]);
        Assert.Equal("sam: the role 'finance' is required", outcome["access.refusal"]);
        Assert.Equal(120L, outcome["access.allowed"]);
        Assert.Equal("fay", outcome["access.user"]);
    }

    [Fact]
    public async Task Migration_CSharpEquivalentsBehaveAsTheGuideSays()
    {
        var outcome = await MigrationSample.RunAsync();

        Assert.Equal(144L, outcome["execute.double"]);
        Assert.Equal(true, outcome["execute.runIdIsGuid"]);
        Assert.Equal(NodeStatus.Failed, outcome["failed.status"]);
        Assert.Equal("boom!", outcome["failed.message"]);
        Assert.Equal(1, outcome["failed.attempts"]);
        Assert.Equal(144L, outcome["async.double"]);
        Assert.Equal(true, outcome["async.runIdIsGuid"]);
        Assert.Equal(WorkflowRunStatus.Failed, outcome["timed.status"]);
        Assert.Equal(["double:Completed", "boom:Failed"], (List<string>)outcome["events"]!);
        Assert.Equal(CycleTermination.Converged, outcome["cycle.termination"]);
        Assert.Equal(Math.Sqrt(2), (double)outcome["cycle.guess"]!, 1e-9);
    }

    [Fact]
    public void NodeTesting_CallsATypedNodeDirectly()
    {
        var outcome = NodeTestingSample.Run();

        Assert.Equal("Brewster Hopper", outcome["last"]);
        Assert.Equal("Ada", outcome["first"]);
        Assert.Equal("first,last", outcome["ports"]);
    }
}
