using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>
/// Bad parameters are refused by the run's admission before any node runs, with the same validation exception on
/// both runtimes: a value of the wrong type for a declared input, a disallowed choice, and a template the parameters
/// do not supply (issue 11).
/// </summary>
public sealed class RunAdmissionTests
{
    public static TheoryData<string> BadParameters => ["wrong-type", "missing-template", "wrong-type-through-template"];

    [Theory]
    [MemberData(nameof(BadParameters))]
    public async Task BadParameters_AreRefusedBeforeAnyNodeRuns_IdenticallyOnBothRuntimes(string kind)
    {
        var (syncCalls, syncError) = RunSync(kind);
        var (asyncCalls, asyncError) = await RunAsync(kind);

        Assert.Equal(0, syncCalls.Count);
        Assert.Equal(0, asyncCalls.Count);
        Assert.Equal(syncError.Message, asyncError.Message);
        var error = Assert.Single(syncError.Errors);
        Assert.Equal("gate", error.NodeId);
        Assert.False(error.IsWarning);
        switch (kind)
        {
            case "wrong-type":
                Assert.Equal(ErrorCodes.CoercionFailed, syncError.Code);
                Assert.Equal("skip_none", error.Port);
                Assert.Equal("parameters", error.Location);
                Assert.Contains("Node 'gate' input 'skip_none' expects Boolean, but the node-specific parameter 'gate.skip_none' is a string", error.Message, StringComparison.Ordinal);
                break;
            case "missing-template":
                Assert.Equal(ErrorCodes.UnresolvedTemplate, syncError.Code);
                Assert.Equal("limit", error.Port);
                Assert.Equal("nodes.gate.config.limit", error.Location);
                Assert.Contains("uses the template '${missing_limit}', but no parameter 'missing_limit' was passed", error.Message, StringComparison.Ordinal);
                break;
            default:
                Assert.Equal(ErrorCodes.CoercionFailed, syncError.Code);
                Assert.Equal("limit", error.Port);
                Assert.Contains("config 'limit'", error.Message, StringComparison.Ordinal);
                break;
        }
    }

    [Fact]
    public void GoodParameters_RunEveryNode_AndAreConvertedOnce()
    {
        var calls = new Calls();
        using var runtime = new LocalRuntime();

        var result = runtime.Execute(Workflow(calls, "${max}"), new Dictionary<string, object?> { ["max"] = "7", ["gate"] = new Dictionary<string, object?> { ["skip_none"] = "true" } }, TestContext.Current.CancellationToken);

        Assert.Equal(2, calls.Count);
        Assert.Equal(7L, result["gate"]["limit"]);
        Assert.Equal(true, result["gate"]["skip_none"]);
    }

    [Fact]
    public void Validate_ReportsTheSameProblemTheRunIsRefusedWith()
    {
        using var runtime = new LocalRuntime();
        var workflow = Workflow(new Calls(), "${missing_limit}");

        var report = runtime.Validation.ValidateWorkflow(workflow, new Dictionary<string, object?>());
        var refused = Assert.Throws<WorkflowValidationException>(() => runtime.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(Assert.Single(report.Errors), Assert.Single(refused.Errors));
    }

    private static (Calls Calls, WorkflowValidationException Error) RunSync(string kind)
    {
        var calls = new Calls();
        using var runtime = new LocalRuntime();
        var (workflow, parameters) = Case(kind, calls);
        return (calls, Assert.Throws<WorkflowValidationException>(() => runtime.Execute(workflow, parameters, TestContext.Current.CancellationToken)));
    }

    private static async Task<(Calls Calls, WorkflowValidationException Error)> RunAsync(string kind)
    {
        var calls = new Calls();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 4 });
        var (workflow, parameters) = Case(kind, calls);
        return (calls, await Assert.ThrowsAsync<WorkflowValidationException>(async () => await runtime.ExecuteAsync(workflow, parameters, TestContext.Current.CancellationToken)));
    }

    private static (Workflow Workflow, Dictionary<string, object?> Parameters) Case(string kind, Calls calls) => kind switch
    {
        "wrong-type" => (Workflow(calls, 3L), new() { ["gate"] = new Dictionary<string, object?> { ["skip_none"] = "notabool" } }),
        "missing-template" => (Workflow(calls, "${missing_limit}"), []),
        _ => (Workflow(calls, "${max}"), new() { ["max"] = "lots" }),
    };

    /// <summary>An upstream node that counts its calls, feeding a gate with a typed flag and a typed limit.</summary>
    private static Workflow Workflow(Calls calls, object limit)
    {
        var upstream = new LambdaNode(_ => calls.Add());
        var gate = new LambdaNode(
            (inputs, _) =>
            {
                calls.Add();
                return new Dictionary<string, object?> { ["limit"] = inputs.Get<long>("limit"), ["skip_none"] = inputs.TryGetValue("skip_none", out var flag) ? flag : null };
            },
            [new NodeParameter("value", typeof(object)), new NodeParameter("limit", typeof(long)), new NodeParameter("skip_none", typeof(bool))],
            ["limit", "skip_none"]);
        return new WorkflowBuilder("admission")
            .AddNode("upstream", upstream)
            .AddNode("gate", gate, new() { ["limit"] = limit })
            .AddConnection("upstream", "result", "gate", "value")
            .Build();
    }

    private sealed class Calls
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public int Add() => Interlocked.Increment(ref _count);
    }
}
