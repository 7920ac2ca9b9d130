using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Parameters;

public sealed class UnknownParameterTests
{
    private static Workflow Workflow()
        => new WorkflowBuilder("wf")
            .AddNode("reader", Capture(new NodeParameter("path", typeof(string)) { WorkflowAlias = "file" }, P("limit", typeof(long))), new() { ["greeting"] = "hi" })
            .AddNode("any", CaptureAny(), new() { ["text"] = "Hello ${who}" })
            .Build();

    [Fact]
    public void UnknownWorkflowLevelKey_InErrorMode_FailsBeforeAnythingRuns_WithSuggestion()
    {
        var calls = 0;
        var workflow = new WorkflowBuilder("wf").AddNode("n", new Kailash.Nodes.Code.LambdaNode(_ => ++calls, [P("limit", typeof(long))])).Build();

        var error = Assert.ThrowsAny<KailashException>(() => Run(workflow, new() { ["limt"] = 3 }));

        Assert.Equal(ErrorCodes.UnknownParameter, error.Code);
        Assert.Contains("'limt' matches no node id and no input any node declares. Did you mean 'limit'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void KnownKeys_NamesAliasesAndTemplateRoots_AreAccepted()
    {
        var result = Run(Workflow(), new() { ["limit"] = 1, ["file"] = "a.csv", ["who"] = "you" });

        Assert.Equal("a.csv", InputsOf(result, "reader")["path"]);
        Assert.Equal("Hello you", InputsOf(result, "any")["text"]);
    }

    [Fact]
    public void MisspelledNodeId_IsNotBroadcast_ButReportedWithTheClosestNodeId()
    {
        var error = Assert.ThrowsAny<KailashException>(() => Run(Workflow(), new() { ["raeder"] = new Dictionary<string, object?> { ["limit"] = 1 } }));

        Assert.Equal(ErrorCodes.UnknownParameter, error.Code);
        Assert.Contains("Did you mean 'reader'?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeIdWithANonMapValue_ExplainsTheNodeSpecificFormat()
    {
        var error = Assert.ThrowsAny<KailashException>(() => Run(Workflow(), new() { ["reader"] = 5 }));

        Assert.Contains("'reader' is the id of node 'reader', but its value is not a map", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeSpecificKeyTheNodeDoesNotDeclare_IsUnknown_UnlessTheNodeAcceptsAnyInput()
    {
        var error = Assert.ThrowsAny<KailashException>(() => Run(Workflow(), new() { ["reader"] = new Dictionary<string, object?> { ["limmit"] = 1 } }));
        var accepted = Run(Workflow(), new() { ["any"] = new Dictionary<string, object?> { ["whatever"] = 1, ["who"] = "x" } });

        Assert.Contains("'reader.limmit': node 'reader' (LambdaNode) declares no input 'limmit'. Did you mean 'limit'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, InputsOf(accepted, "any")["whatever"]);
    }

    [Fact]
    public void SeveralUnknownKeys_AreAllListedInOneError()
    {
        var error = Assert.ThrowsAny<KailashException>(() => Run(Workflow(), new() { ["a1"] = 1, ["b2"] = 2, ["who"] = "x" }));

        Assert.Contains("2 parameters are unknown", error.Message, StringComparison.Ordinal);
        Assert.Contains("'a1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'b2'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WarnMode_LogsOncePerRunAndRuns()
    {
        var logs = new CapturingLoggerFactory();
        var result = Run(Workflow(), new() { ["nope"] = 1, ["who"] = "x" }, new RuntimeOptions { UnknownParameters = UnknownParameterHandling.Warn, LoggerFactory = logs });

        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        var warning = Assert.Single(logs.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("KWF030", warning.Text, StringComparison.Ordinal);
        Assert.Contains("'nope'", warning.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownKey_FailsIdenticallyOnTheAsyncRuntime_AsAFaultedTask()
    {
        await using var runtime = new AsyncLocalRuntime();
        var pending = runtime.ExecuteAsync(Workflow(), new Dictionary<string, object?> { ["nope"] = 1 }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAnyAsync<KailashException>(async () => await pending);
        var syncError = Assert.ThrowsAny<KailashException>(() => Run(Workflow(), new() { ["nope"] = 1 }));
        Assert.Equal(syncError.Message, error.Message);
    }
}
