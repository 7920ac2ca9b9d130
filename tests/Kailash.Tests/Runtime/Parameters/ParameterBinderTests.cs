using System.Text.Json;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using static Kailash.Tests.Runtime.ParameterTestKit;

namespace Kailash.Tests.Runtime.Parameters;

public sealed class ParameterBinderTests
{
    public enum Colour
    {
        Red,
        Green,
    }

    [Fact]
    public void Bind_AppliesOnePrecedence_ConfigConnectionWorkflowLevelNodeSpecific()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant("x"))
            .AddNode("n", Capture(P("a"), P("b"), P("c"), P("d")), new() { ["a"] = "config", ["b"] = "config", ["c"] = "config", ["d"] = "config" })
            .AddConnection("src", "result", "n", "b")
            .AddConnection("src", "result", "n", "c")
            .AddConnection("src", "result", "n", "d")
            .Build();
        var harness = new BindingHarness(workflow, new Dictionary<string, object?> { ["c"] = "workflow", ["d"] = "workflow", ["n"] = new Dictionary<string, object?> { ["d"] = "node" } })
            .Completed("src", new() { ["result"] = "connection" });

        var inputs = harness.Bind("n");

        Assert.Equal("config", inputs["a"]);
        Assert.Equal("connection", inputs["b"]);
        Assert.Equal("workflow", inputs["c"]);
        Assert.Equal("node", inputs["d"]);
    }

    [Fact]
    public void Bind_BothFormatsMixedInOneCall_NodeSpecificWinsForItsNodeOnly()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("one", Capture(P("rate", typeof(double))))
            .AddNode("two", Capture(P("rate", typeof(double))))
            .Build();
        var harness = new BindingHarness(workflow, new Dictionary<string, object?> { ["rate"] = 0.5, ["two"] = new Dictionary<string, object?> { ["rate"] = 0.9 } });

        Assert.Equal(0.5, harness.Bind("one")["rate"]);
        Assert.Equal(0.9, harness.Bind("two")["rate"]);
    }

    [Fact]
    public void Bind_WorkflowLevelParameter_ReachesOnlyNodesThatDeclareIt()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("declares", Capture(P("limit", typeof(long))))
            .AddNode("other", Capture(P("x")))
            .AddNode("any", CaptureAny())
            .Build();
        var harness = new BindingHarness(workflow, new Dictionary<string, object?> { ["limit"] = 5 });

        Assert.Equal(5L, harness.Bind("declares")["limit"]);
        Assert.False(harness.Bind("other").ContainsKey("limit"));
        Assert.False(harness.Bind("any").ContainsKey("limit"));
    }

    [Fact]
    public void Bind_MapsWorkflowAliasAndAutoMapFrom_NameFirstThenAliasThenAutoMap()
    {
        var path = new NodeParameter("path", typeof(string)) { WorkflowAlias = "file", AutoMapFrom = ["location", "uri"] };
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(path)).Build();

        Assert.Equal("f", new BindingHarness(workflow, new Dictionary<string, object?> { ["file"] = "f", ["uri"] = "u" }).Bind("n")["path"]);
        Assert.Equal("u", new BindingHarness(workflow, new Dictionary<string, object?> { ["uri"] = "u" }).Bind("n")["path"]);
        Assert.Equal("p", new BindingHarness(workflow, new Dictionary<string, object?> { ["path"] = "p", ["file"] = "f" }).Bind("n")["path"]);
        Assert.Equal("n", new BindingHarness(workflow, new Dictionary<string, object?> { ["n"] = new Dictionary<string, object?> { ["file"] = "n" } }).Bind("n")["path"]);
    }

    [Fact]
    public void Bind_CycleEdgeWithAValue_BeatsEveryOtherSource()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("seed", Constant(1L))
            .AddNode("loop", Capture(P("count", typeof(long))), new() { ["count"] = 0L })
            .AddConnection("seed", "result", "loop", "count")
            .CreateCycle("c").Connect("loop", "inputs.count", "loop", "count").MaxIterations(3).Build()
            .Build();
        var first = new BindingHarness(workflow, new Dictionary<string, object?> { ["loop"] = new Dictionary<string, object?> { ["count"] = 10L } })
            .Completed("seed", new() { ["result"] = 1L });

        Assert.Equal(10L, first.Bind("loop")["count"]);

        first.Completed("loop", new() { ["inputs"] = new Dictionary<string, object?> { ["count"] = 42L } });
        Assert.Equal(42L, first.Bind("loop")["count"]);
    }

    [Fact]
    public void Bind_DefaultFillsOnlyWhatNothingElseSupplies()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", Capture(new NodeParameter("a", typeof(long)) { Default = 1L, HasDefault = true }, new NodeParameter("b", typeof(long)) { Default = 2L, HasDefault = true }))
            .Build();

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["b"] = 20 }).Bind("n");

        Assert.Equal(1L, inputs["a"]);
        Assert.Equal(20L, inputs["b"]);
    }

    [Fact]
    public void Bind_CoercesByDeclaredType_NumbersBooleansEnumsListsDictionariesJson()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("n", Capture(
                P("count", typeof(long)),
                P("ratio", typeof(double)),
                P("flag", typeof(bool)),
                P("off", typeof(bool)),
                P("colour", typeof(Colour)),
                P("ids", typeof(List<long>)),
                P("map", typeof(IReadOnlyDictionary<string, object?>)),
                P("raw", typeof(JsonElement))))
            .Build();
        var json = JsonDocument.Parse("""{"ids": [1, "2", 3], "map": {"k": 1}}""").RootElement;
        var parameters = new Dictionary<string, object?>
        {
            ["count"] = "42",
            ["ratio"] = 3,
            ["flag"] = "true",
            ["off"] = "false",
            ["colour"] = "green",
            ["ids"] = json.GetProperty("ids"),
            ["map"] = json.GetProperty("map"),
            ["raw"] = new Dictionary<string, object?> { ["a"] = 1 },
        };

        var inputs = new BindingHarness(workflow, parameters).Bind("n");

        Assert.Equal(42L, inputs["count"]);
        Assert.Equal(3.0, inputs["ratio"]);
        Assert.Equal(true, inputs["flag"]);
        Assert.Equal(false, inputs["off"]);
        Assert.Equal(Colour.Green, inputs["colour"]);
        Assert.Equal([1L, 2L, 3L], Assert.IsType<List<long>>(inputs["ids"]));
        Assert.Equal(1L, Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(inputs["map"])["k"]);
        Assert.Equal(1, Assert.IsType<JsonElement>(inputs["raw"]).GetProperty("a").GetInt32());
    }

    [Theory]
    [InlineData("count", "many", "expects Int64", "'many' is not a number")]
    [InlineData("flag", "yes", "expects Boolean", "expected true or false")]
    [InlineData("colour", "blue", "expects Colour", "'Red', 'Green'")]
    [InlineData("ids", "1,2", "expects List<Int64>", "a string")]
    public void Admission_ValueThatDoesNotConvert_IsRefusedWithKwf032NamingNodeInputAndSource(string input, string value, string expected, string detail)
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("count", typeof(long)), P("flag", typeof(bool)), P("colour", typeof(Colour)), P("ids", typeof(List<long>)))).Build();

        var error = BindingHarness.Refused(workflow, new Dictionary<string, object?> { [input] = value });

        Assert.Equal(ErrorCodes.CoercionFailed, error.Code);
        Assert.Equal("n", error.NodeId);
        Assert.Equal(input, error.Port);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains($"the workflow-level parameter '{input}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Admission_EnforcesChoices_WithTheAllowedListAndASuggestion()
    {
        var mode = new NodeParameter("mode", typeof(string)) { Choices = ["fast", "safe"] };
        var level = new NodeParameter("level", typeof(long)) { Choices = [1, 2, 3] };
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(mode, level)).Build();

        var ok = new BindingHarness(workflow, new Dictionary<string, object?> { ["mode"] = "safe", ["level"] = "2" }).Bind("n");
        var error = BindingHarness.Refused(workflow, new Dictionary<string, object?> { ["mode"] = "fsat" });
        var number = BindingHarness.Refused(workflow, new Dictionary<string, object?> { ["level"] = 4 });

        Assert.Equal(2L, ok["level"]);
        Assert.Equal(ErrorCodes.InvalidChoice, error.Code);
        Assert.Contains("Allowed values: 'fast', 'safe'. Did you mean 'fast'?", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCodes.InvalidChoice, number.Code);
        Assert.Equal("level", number.Port);
    }

    [Fact]
    public void Bind_RequiredInputNothingSupplies_FailsWithKwf007ExplainingHowToSupplyIt()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant(1L))
            .AddNode("add", Capture(new NodeParameter("a", typeof(long)) { Required = true, Description = "The first addend." }, P("b", typeof(long))))
            .AddConnection("src", "result", "add", "b")
            .Build();

        var error = new BindingHarness(workflow).Completed("src", new() { ["result"] = 1L }).BindFails("add");

        Assert.Equal(ErrorCodes.MissingRequiredInput, error.Code);
        Assert.Equal("a", error.Port);
        Assert.Contains("needs input 'a' (Int64: The first addend)", error.Message, StringComparison.Ordinal);
        Assert.Contains("{\"add\": {\"a\": value}}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_RequiredInputWhoseConnectionCarriedNothing_SaysSo()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("left", Constant(1L))
            .AddNode("right", Constant(2L))
            .AddNode("join", Capture(P("x", typeof(long), required: true), P("y", typeof(long), required: true)))
            .AddConnection("left", "result", "join", "x")
            .AddConnection("right", "result", "join", "y")
            .Build();
        var harness = new BindingHarness(workflow).Completed("left", new() { ["result"] = 1L });
        Kailash.Runtime.Engine.RunRecorder.Record(harness.Run, harness.Plan.Nodes[harness.Plan.IndexById["right"]], new NodeResult(NodeStatus.Skipped, null, null, SkipReason.ConditionalRouting, 0, TimeSpan.Zero));

        var error = harness.BindFails("join");

        Assert.Equal(ErrorCodes.MissingRequiredInput, error.Code);
        Assert.Contains("'right.result -> join.y' carried no value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_NullForOptionalInput_IsKeptNotDropped()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant(null))
            .AddNode("n", Capture(P("maybe", typeof(long))))
            .AddConnection("src", "result", "n", "maybe")
            .Build();

        var inputs = new BindingHarness(workflow).Completed("src", new() { ["result"] = null }).Bind("n");

        Assert.True(inputs.ContainsKey("maybe"));
        Assert.Null(inputs["maybe"]);
    }

    [Fact]
    public void Bind_UndeclaredNodeSpecificKeys_ReachNodesThatAcceptAnyInput()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("any", CaptureAny(), new() { ["k"] = "config" }).Build();

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["any"] = new Dictionary<string, object?> { ["extra"] = 1, ["k"] = "node" } }).Bind("any");

        Assert.Equal(1, inputs["extra"]);
        Assert.Equal("node", inputs["k"]);
    }

    [Fact]
    public void Bind_SameOutputIntoTwoInputsOfOneNode_BindsBoth()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant(7L))
            .AddNode("n", Capture(P("x"), P("y")))
            .AddConnection("src", "result", "n", "x")
            .AddConnection("src", "result", "n", "y")
            .Build();

        var inputs = new BindingHarness(workflow).Completed("src", new() { ["result"] = 7L }).Bind("n");

        Assert.Equal(7L, inputs["x"]);
        Assert.Equal(7L, inputs["y"]);
    }

    [Fact]
    public void Bind_TwoLiveConnectionsIntoOneInput_FailWithKwf035EvenWhenAParameterOverridesThem()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("a", Constant(1L))
            .AddNode("b", Constant(2L))
            .AddNode("n", Capture(P("x")))
            .AddConnection("a", "result", "n", "x")
            .AddConnection("b", "result", "n", "x")
            .Build();

        var error = new BindingHarness(workflow, new Dictionary<string, object?> { ["x"] = 3L })
            .Completed("a", new() { ["result"] = 1L })
            .Completed("b", new() { ["result"] = 2L })
            .BindFails("n");

        Assert.Equal(ErrorCodes.ConflictingInputs, error.Code);
    }

    [Fact]
    public void Bind_OverriddenConnectionValue_IsNotCheckedAgainstTheInputType()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", Constant("not a number"))
            .AddNode("n", Capture(P("count", typeof(long))))
            .AddConnection("src", "result", "n", "count")
            .Build();

        var inputs = new BindingHarness(workflow, new Dictionary<string, object?> { ["count"] = 5 }).Completed("src", new() { ["result"] = "not a number" }).Bind("n");

        Assert.Equal(5L, inputs["count"]);
    }

    [Fact]
    public void PlainConfig_IsConvertedOnceAtPlanTime_AndHasNoPerRunWork()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("count", typeof(long)), P("label")), new() { ["count"] = "5", ["label"] = "x" }).Build();
        var harness = new BindingHarness(workflow);
        var binding = harness.Plan.Nodes[0].Binding;

        Assert.Null(binding.DynamicConfig);
        Assert.Contains(binding.StaticConfig, pair => pair.Key == "count" && pair.Value is 5L);
        Assert.Empty(binding.TemplateNames);
        Assert.Empty(binding.SecretNames);
        Assert.Equal(5L, harness.Bind("n")["count"]);
    }

    [Fact]
    public void Bind_DoesNotChangeTheWorkflowConfigOrTheCallersParameters()
    {
        var workflow = new WorkflowBuilder("wf").AddNode("n", Capture(P("a"), P("b")), new() { ["a"] = "config" }).Build();
        var parameters = new Dictionary<string, object?> { ["a"] = "param", ["n"] = new Dictionary<string, object?> { ["b"] = "own" } };

        new BindingHarness(workflow, parameters).Bind("n");

        Assert.Equal("config", workflow.GetNode("n").Config["a"]);
        Assert.Equal(2, parameters.Count);
        Assert.Equal("param", parameters["a"]);
        Assert.Single((Dictionary<string, object?>)parameters["n"]!);
    }
}
