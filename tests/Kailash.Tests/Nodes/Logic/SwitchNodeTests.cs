using Kailash.Nodes;
using Kailash.Nodes.Logic;
using Kailash.Runtime;
using Kailash.Tests.Runtime.Conditional;
using Kailash.Workflows;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kailash.Tests.Nodes.Logic;

public sealed class SwitchNodeTests
{
    private static readonly NodeContext Context = new("run", "wf", "gate", "SwitchNode", true, NullLogger.Instance, null, null, default);
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SwitchNode, Dictionary<string, object?>> Configs = [];

    public static TheoryData<string, object?, object?, bool> BooleanCases() => new()
    {
        { "==", 5L, 5, true },
        { "==", 5L, 5.0, true },
        { "==", "ok", "ok", true },
        { "!=", "ok", "bad", true },
        { ">", 7L, 5L, true },
        { ">", 5L, 5L, false },
        { ">=", 5L, 5.0, true },
        { "<", 2.5, 3L, true },
        { "<=", "abc", "abd", true },
        { "in", "b", new List<object?> { "a", "b" }, true },
        { "in", "x", new List<object?> { "a", "b" }, false },
        { "in", "ell", "hello", true },
        { "contains", new List<object?> { 1L, 2L }, 2L, true },
        { "contains", "hello", "z", false },
        { "contains", new Dictionary<string, object?> { ["k"] = 1L }, "k", true },
        { "is_null", null, null, true },
        { "is_not_null", null, null, false },
        { "is_not_null", 0L, null, true },
        { ">", null, 5L, false },
        { "==", null, null, true },
    };

    [Theory]
    [MemberData(nameof(BooleanCases))]
    public void Run_BooleanOperators_RouteToTheMatchingBranch(string op, object? field, object? value, bool expected)
    {
        var node = Configured(new() { ["condition_field"] = "f", ["operator"] = op, ["value"] = value });
        var input = new Dictionary<string, object?> { ["f"] = field };

        var outputs = node.Run(Inputs(node, input), Context);

        Assert.Equal(expected, outputs["condition_result"]);
        Assert.Same(input, outputs[expected ? "true_output" : "false_output"]);
        Assert.Null(outputs[expected ? "false_output" : "true_output"]);
        Assert.True(node.IsOutputActive(outputs, expected ? "true_output" : "false_output"));
        Assert.False(node.IsOutputActive(outputs, expected ? "false_output" : "true_output"));
        Assert.True(node.IsOutputActive(outputs, "condition_result"));
    }

    [Theory]
    [InlineData("==", false)]
    [InlineData("!=", false)]
    [InlineData(">", false)]
    [InlineData("is_not_null", false)]
    [InlineData("is_null", true)]
    public void Run_MissingField_IsFalseExceptIsNull(string op, bool expected)
    {
        var node = Configured(new() { ["condition_field"] = "missing", ["operator"] = op, ["value"] = 1L });

        var outputs = node.Run(Inputs(node, new Dictionary<string, object?> { ["f"] = 1L }), Context);

        Assert.Equal(expected, outputs["condition_result"]);
    }

    [Fact]
    public void Run_DottedConditionField_ReadsNestedValues_AndLiteralDottedKeysWin()
    {
        var node = Configured(new() { ["condition_field"] = "user.profile.score", ["operator"] = ">=", ["value"] = 50L });
        var nested = new Dictionary<string, object?> { ["user"] = new Dictionary<string, object?> { ["profile"] = new Dictionary<string, object?> { ["score"] = 72L } } };
        var literal = new Dictionary<string, object?> { ["user.profile.score"] = 10L, ["user"] = nested["user"] };

        Assert.Equal(true, node.Run(Inputs(node, nested), Context)["condition_result"]);
        Assert.Equal(false, node.Run(Inputs(node, literal), Context)["condition_result"]);
    }

    [Fact]
    public void Run_WithoutConditionField_TestsTheWholeInput()
    {
        var node = Configured(new() { ["operator"] = ">", ["value"] = 10L });

        Assert.Equal(true, node.Run(Inputs(node, 11L), Context)["condition_result"]);
    }

    [Fact]
    public void Run_NullInputOnTakenBranch_KeepsTheBranchActive()
    {
        var node = Configured(new() { ["operator"] = "is_null" });

        var outputs = node.Run(Inputs(node, null), Context);

        Assert.Null(outputs["true_output"]);
        Assert.True(node.IsOutputActive(outputs, "true_output"));
        Assert.False(node.IsOutputActive(outputs, "false_output"));
    }

    [Fact]
    public void IsOutputActive_OnACopiedOutputMap_FallsBackOnConditionResult()
    {
        var node = Configured(new() { ["operator"] = "is_null" });
        var copy = new Dictionary<string, object?>(node.Run(Inputs(node, null), Context));

        Assert.True(node.IsOutputActive(copy, "true_output"));
        Assert.False(node.IsOutputActive(copy, "false_output"));
        Assert.False(node.IsOutputActive(copy, "no_such_port"));
    }

    [Fact]
    public void Run_IncomparableValues_FailWithCoercionCode()
    {
        var node = Configured(new() { ["condition_field"] = "f", ["operator"] = ">", ["value"] = 5L });

        var error = Assert.Throws<KailashException>(() => node.Run(Inputs(node, new Dictionary<string, object?> { ["f"] = "abc" }), Context));

        Assert.Equal(ErrorCodes.CoercionFailed, error.Code);
        Assert.Contains("field 'f'", error.Message, StringComparison.Ordinal);
        Assert.Equal("gate", error.NodeId);
    }

    [Fact]
    public void Run_MultiCase_RoutesToTheMatchingCasePort()
    {
        var node = Configured(new() { ["condition_field"] = "tier", ["cases"] = new List<object?> { "high-1", "low", 3L } });

        var outputs = node.Run(Inputs(node, new Dictionary<string, object?> { ["tier"] = "high-1" }), Context);

        Assert.Equal(["case_high_1", "case_low", "case_3", "default", "condition_result"], node.GetOutputs());
        Assert.Equal("high-1", outputs["condition_result"]);
        Assert.NotNull(outputs["case_high_1"]);
        Assert.Null(outputs["case_low"]);
        Assert.Null(outputs["default"]);
        Assert.True(node.IsOutputActive(outputs, "case_high_1"));
        Assert.False(node.IsOutputActive(outputs, "default"));
    }

    [Fact]
    public void Run_MultiCase_NoMatch_TakesOnlyTheDefaultPort()
    {
        var node = Configured(new() { ["condition_field"] = "tier", ["cases"] = new List<object?> { "a", "b" }, ["default_field"] = "other", ["case_prefix"] = "tier_" });

        var outputs = node.Run(Inputs(node, new Dictionary<string, object?> { ["tier"] = "z" }), Context);

        Assert.Equal(["tier_a", "tier_b", "other", "condition_result"], node.GetOutputs());
        Assert.Null(outputs["condition_result"]);
        Assert.True(node.IsOutputActive(outputs, "other"));
        Assert.False(node.IsOutputActive(outputs, "tier_a"));
    }

    [Fact]
    public void Configure_WithoutConditionResult_DropsThePort()
    {
        var node = Configured(new() { ["operator"] = "is_null", ["pass_condition_result"] = false });

        var outputs = node.Run(Inputs(node, null), Context);

        Assert.Equal(["true_output", "false_output"], node.GetOutputs());
        Assert.False(outputs.ContainsKey("condition_result"));
        Assert.True(node.IsOutputActive(outputs, "true_output"));
    }

    [Fact]
    public void Build_UnknownOperator_IsAnInvalidWorkflow_WithASuggestion()
    {
        var builder = new WorkflowBuilder("wf").AddNode("SwitchNode", "gate", new() { ["operator"] = ">>=" });

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(builder.Build).Errors);

        Assert.Equal(ErrorCodes.InvalidNodeConfig, error.Code);
        Assert.Equal("gate", error.NodeId);
        Assert.Equal("operator", error.Port);
        Assert.Contains("'>>='", error.Message, StringComparison.Ordinal);
        Assert.Contains("Did you mean '>='", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cases", "not a list")]
    [InlineData("pass_condition_result", "yes")]
    [InlineData("condition_field", 5L)]
    public void Build_InvalidConfig_IsReportedWithTheKey(string key, object value)
    {
        var builder = new WorkflowBuilder("wf").AddNode("SwitchNode", "gate", new() { [key] = value });

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(builder.Build).Errors);

        Assert.Equal(ErrorCodes.InvalidNodeConfig, error.Code);
        Assert.Equal(key, error.Port);
    }

    [Fact]
    public void Build_CasesMappingToTheSamePort_AreRejected()
    {
        var builder = new WorkflowBuilder("wf").AddNode("SwitchNode", "gate", new() { ["cases"] = new List<object?> { "a b", "a-b" } });

        var error = Assert.Single(Assert.Throws<WorkflowValidationException>(builder.Build).Errors);

        Assert.Contains("'case_a_b'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_OperatorOverriddenByAParameter_IsCheckedAtRunTime()
    {
        var workflow = new WorkflowBuilder("wf")
            .AddNode("src", TestRuns.Constant(1L))
            .AddNode("SwitchNode", "gate", new() { ["operator"] = "==", ["value"] = 1L })
            .AddConnection("src", "result", "gate", "input_data")
            .Build();

        var result = TestRuns.Sync(workflow, parameters: new() { ["gate"] = new Dictionary<string, object?> { ["operator"] = "~~" } });

        Assert.Equal(ErrorCodes.InvalidNodeConfig, result["gate"].ErrorCode);
    }

    [Fact]
    public void Registry_HoldsSwitchAndMerge()
    {
        Assert.Contains("SwitchNode", NodeRegistry.BuiltIn.TypeNames);
        Assert.Contains("MergeNode", NodeRegistry.BuiltIn.TypeNames);
    }

    private static SwitchNode Configured(Dictionary<string, object?> config)
    {
        var node = new SwitchNode();
        node.Configure(config);
        Configs.AddOrUpdate(node, config);
        return node;
    }

    /// <summary>Binds like the runtime does: config, then the input, then declared defaults.</summary>
    private static NodeInputs Inputs(SwitchNode node, object? input)
    {
        var values = new Dictionary<string, object?>(Configs.TryGetValue(node, out var config) ? config : []) { ["input_data"] = input };
        foreach (var parameter in node.GetParameters())
        {
            if (parameter.HasDefault)
            {
                values.TryAdd(parameter.Name, parameter.Default);
            }
        }

        return NodeInputs.Create(values, "gate");
    }
}
