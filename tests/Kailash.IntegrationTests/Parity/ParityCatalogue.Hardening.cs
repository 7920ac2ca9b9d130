using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Workflows;
using static Kailash.IntegrationTests.Parity.TestNodes;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Hardening (issue 11): bad parameters are refused before any node runs, identically on every runtime.</summary>
public static partial class ParityCatalogue
{
    private static readonly IReadOnlyList<ParityScenario> Hardening =
    [
        new("hardening-wrong-type-downstream-refused-before-upstream-runs", () => new WorkflowBuilder("wrong-type-downstream")
                .AddNode("first", Constant(1L))
                .AddNode("second", AddOne())
                .AddNode("join", Echo("a"), new() { ["a"] = 0L })
                .AddNode("flagged", new LambdaNode(_ => true, [new NodeParameter("skip_none", typeof(bool))]))
                .AddConnection("first", "result", "second", "value")
                .AddConnection("second", "result", "join", "a")
                .Build())
        {
            Parameters = new() { ["flagged"] = new Dictionary<string, object?> { ["skip_none"] = "notabool" } },
            ExpectThrowCode = ErrorCodes.CoercionFailed,
            ExpectRefusal = e =>
            {
                var error = Assert.Single(e.Errors);
                Assert.Equal("flagged", error.NodeId);
                Assert.Equal("skip_none", error.Port);
                Assert.Equal("parameters", error.Location);
                Assert.Contains("Please pass a value of type Boolean", error.Message, StringComparison.Ordinal);
            },
        },
        new("hardening-missing-template-refused-before-upstream-runs", () => new WorkflowBuilder("missing-template")
                .AddNode("first", Constant(1L))
                .AddNode("limited", Echo("limit", "value"), new() { ["limit"] = "${missing_limit}" })
                .AddConnection("first", "result", "limited", "value")
                .Build())
        {
            ExpectThrowCode = ErrorCodes.UnresolvedTemplate,
            ExpectRefusal = e =>
            {
                var error = Assert.Single(e.Errors);
                Assert.Equal("limited", error.NodeId);
                Assert.Equal("limit", error.Port);
                Assert.Equal("nodes.limited.config.limit", error.Location);
                Assert.Contains("'${missing_limit}'", error.Message, StringComparison.Ordinal);
            },
        },
        new("hardening-template-overridden-by-a-parameter-is-not-needed", () => new WorkflowBuilder("overridden-template")
                .AddNode("limited", Echo("limit"), new() { ["limit"] = "${missing_limit}" })
                .Build())
        {
            Parameters = new() { ["limited"] = new Dictionary<string, object?> { ["limit"] = 5L } },
            Expect = r => Assert.Equal(5L, r["limited"]["limit"]),
        },
    ];
}
