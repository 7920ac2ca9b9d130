using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Runtime.Parameters;
using Kailash.Runtime.Validation;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Parameters;

/// <summary>
/// Each parameter-handling bug listed in kailash-runtime-behaviour.md / kailash-workflow-model.md, as a test of what
/// this runtime does instead. The reference item is named in each test.
/// </summary>
public sealed class PythonParameterBugTests
{
    /// <summary>§0.3, B19: the async runtime let a connection beat a node-specific parameter. Here both runtimes use one rule.</summary>
    [Fact]
    public async Task B19_PrecedenceIsTheSameOnBothRuntimes()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant(1L))
            .AddNode("add", Capture(P("a", typeof(long)), P("b", typeof(long))), new() { ["a"] = 100, ["b"] = 200 })
            .AddConnection("src", "result", "add", "a")
            .Build();
        var parameters = new Dictionary<string, object?> { ["add"] = new Dictionary<string, object?> { ["a"] = 7, ["b"] = 8 } };

        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime();
        var fromSync = InputsOf(sync.Execute(workflow, parameters, TestContext.Current.CancellationToken), "add");
        var fromAsync = InputsOf(await parallel.ExecuteAsync(workflow, parameters, TestContext.Current.CancellationToken), "add");

        Assert.Equal(7L, fromSync["a"]);
        Assert.Equal(fromSync, fromAsync);
    }

    /// <summary>B20: the workflow-level parameter 'id' was fuzzily injected into 'user_id'. Here only exact names and declared aliases map.</summary>
    [Fact]
    public void B20_NoFuzzyInjection()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("user_id"))).Build();

        var strict = Assert.ThrowsAny<KailashException>(() => Run(workflow, new() { ["id"] = "X" }));
        var lenient = Run(workflow, new() { ["id"] = "X" }, new RuntimeOptions { UnknownParameters = UnknownParameterHandling.Warn });

        Assert.Equal(ErrorCodes.UnknownParameter, strict.Code);
        Assert.False(InputsOf(lenient, "n").ContainsKey("user_id"));
    }

    /// <summary>§7.2: parameters keyed by a misspelled node id were broadcast as a global parameter. Here it is KWF030 with the right id.</summary>
    [Fact]
    public void MisspelledNodeId_IsNotBroadcast()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("reader", Capture(P("limit"))).AddNode("other", Capture(P("limit"))).Build();

        var error = Assert.ThrowsAny<KailashException>(() => Run(workflow, new() { ["reeder"] = new Dictionary<string, object?> { ["limit"] = 1 } }));

        Assert.Contains("Did you mean 'reader'?", error.Message, StringComparison.Ordinal);
    }

    /// <summary>§2.2.1 step 3c: workflow-level parameters matching no node were dropped silently. Here they are reported.</summary>
    [Fact]
    public void UnusedWorkflowLevelParameter_IsNotDroppedSilently()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("a"))).Build();
        var logs = new CapturingLoggerFactory();

        Run(workflow, new() { ["unused"] = 1 }, new RuntimeOptions { UnknownParameters = UnknownParameterHandling.Warn, LoggerFactory = logs });

        Assert.Contains("'unused'", logs.AllText, StringComparison.Ordinal);
    }

    /// <summary>B21: the caller's parameters dictionary was mutated (workflow_context popped, audit trail added). Here it is never touched.</summary>
    [Fact]
    public void B21_CallersParametersAreNotMutated()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("add", Capture(P("a", typeof(long)))).Build();
        var own = new Dictionary<string, object?> { ["a"] = "1" };
        var parameters = new Dictionary<string, object?> { ["add"] = own };

        Run(workflow, parameters);

        Assert.Single(parameters);
        Assert.Same(own, parameters["add"]);
        Assert.Equal("1", own["a"]);
    }

    /// <summary>probe_21: in warn/strict modes undeclared inputs were dropped before the node, so ${who} was never resolved. Here templates resolve in every mode.</summary>
    [Theory]
    [InlineData(ConnectionValidationMode.Off)]
    [InlineData(ConnectionValidationMode.Warn)]
    [InlineData(ConnectionValidationMode.Strict)]
    public void Probe21_TemplatesResolveInEveryValidationMode(ConnectionValidationMode mode)
    {
        var workflow = new WorkflowBuilder("wf").AddNode("greet", Capture(P("text")), new() { ["text"] = "Hello ${who}" }).Build();

        var result = Run(workflow, new() { ["who"] = "world" }, new RuntimeOptions { ConnectionValidation = mode });

        Assert.Equal("Hello world", InputsOf(result, "greet")["text"]);
    }

    /// <summary>§0.5, B4: validation dropped None for optional parameters, which changed skip decisions. Here a null is delivered as null in every mode.</summary>
    [Theory]
    [InlineData(ConnectionValidationMode.Off)]
    [InlineData(ConnectionValidationMode.Warn)]
    [InlineData(ConnectionValidationMode.Strict)]
    public void B4_NullForAnOptionalInputIsKept(ConnectionValidationMode mode)
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant(null))
            .AddNode("n", Capture(P("data", typeof(string))))
            .AddConnection("src", "result", "n", "data")
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { ConnectionValidation = mode });

        Assert.Equal(NodeStatus.Completed, result["n"].Status);
        Assert.True(InputsOf(result, "n").ContainsKey("data"));
    }

    /// <summary>B27: declared secret requirements were never injected (the lookup read the wrong collection). Here they are.</summary>
    [Fact]
    public void B27_DeclaredSecretsAreInjected()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", new LambdaNode(i => i.Get<string>("api_key").Length, [new NodeParameter("api_key", typeof(string)) { IsSecret = true, Required = true }]))
            .Build();

        var result = Run(workflow, options: new RuntimeOptions { SecretProvider = new MemorySecrets(new() { ["api_key"] = "s3cr3t" }) });

        Assert.Equal(6, result["n"]["result"]);
    }

    /// <summary>B17: a missing required input was a pre-run WorkflowValidationError on sync but a node error on async. Here both give KWF007 on the node.</summary>
    [Fact]
    public async Task B17_MissingRequiredInputIsTheSameErrorOnBothRuntimes()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("add", Capture(P("a", typeof(long), required: true))).Build();
        using var sync = new LocalRuntime();
        await using var parallel = new AsyncLocalRuntime();

        var syncError = Assert.Throws<WorkflowExecutionException>(() => sync.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken));
        var asyncError = await Assert.ThrowsAsync<WorkflowExecutionException>(async () => await parallel.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCodes.MissingRequiredInput, syncError.Code);
        Assert.Equal(syncError.Message, asyncError.Message);
        Assert.Equal(2L, InputsOf(sync.Execute(workflow, new Dictionary<string, object?> { ["a"] = 2 }, TestContext.Current.CancellationToken), "add")["a"]);
    }

    /// <summary>§3.3 (model reference): bool("false") is True in Python's naive coercion. Here "false" is false.</summary>
    [Fact]
    public void StringFalse_IsFalse()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("flag", typeof(bool)))).Build();

        Assert.Equal(false, InputsOf(Run(workflow, new() { ["flag"] = "false" }), "n")["flag"]);
    }

    /// <summary>§3.2 (model reference): NodeParameter choices were UI metadata only. Here they are enforced.</summary>
    [Fact]
    public void ChoicesAreEnforced()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(new NodeParameter("mode", typeof(string)) { Choices = ["a", "b"] })).Build();

        Assert.Equal(ErrorCodes.InvalidChoice, Assert.Throws<WorkflowValidationException>(() => RunContinue(workflow, new() { ["mode"] = "c" })).Code);
    }

    /// <summary>§2.2.2: the async runtime passed every non-node key to every node as-is. Here only nodes that declare the key receive it, on both runtimes.</summary>
    [Fact]
    public async Task AsyncRuntime_DoesNotBroadcastKeysToEveryNode()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("declares", Capture(P("k"))).AddNode("any", CaptureAny()).Build();
        await using var runtime = new AsyncLocalRuntime();

        var result = await runtime.ExecuteAsync(workflow, new Dictionary<string, object?> { ["k"] = 1 }, TestContext.Current.CancellationToken);

        Assert.Equal(1, InputsOf(result, "declares")["k"]);
        Assert.Empty(InputsOf(result, "any"));
    }

    /// <summary>§7.2 (model reference): serialization replaced api_key/token/password config values with "***REDACTED***", so a round trip lost them. Here the workflow keeps the reference.</summary>
    [Fact]
    public void SecretReferencesSurviveInTheWorkflow()
    {
        var reference = new Dictionary<string, object?> { ["$secret"] = "API_KEY" };
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("api_key")), new() { ["api_key"] = reference, ["token"] = "plain" }).Build();

        var config = workflow.GetNode("n").Config;

        Assert.Equal("API_KEY", Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(config["api_key"])["$secret"]);
        Assert.Equal("plain", config["token"]);
    }

    /// <summary>§3.2: several live edges into one input: sync kept the first non-None, async the last. Here it is an error on both (KWF035).</summary>
    [Fact]
    public async Task TwoLiveEdgesIntoOneInput_AreAnErrorOnBothRuntimes()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", Constant(1L))
            .AddNode("b", Constant(2L))
            .AddNode("n", Capture(P("x")))
            .AddConnection("a", "result", "n", "x")
            .AddConnection("b", "result", "n", "x")
            .Build();
        await using var runtime = new AsyncLocalRuntime(new RuntimeOptions { ErrorPolicy = ErrorPolicy.Continue });

        Assert.Equal(ErrorCodes.ConflictingInputs, RunContinue(workflow)["n"].ErrorCode);
        Assert.Equal(ErrorCodes.ConflictingInputs, (await runtime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken))["n"].ErrorCode);
    }
}
