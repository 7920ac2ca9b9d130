using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Engine;

/// <summary>Typed nodes' step objects (inputs, context) are reused within a run: every step must still see only its own.</summary>
public sealed class StepObjectReuseTests
{
    [Fact]
    public async Task EveryTypedStep_SeesItsOwnContextAndInputs_OnBothRuntimes()
    {
        var builder = new WorkflowBuilder("reuse").AddNode("n0", new WhoAmINode(), new() { ["value"] = 0L, ["extra"] = "only-n0" });
        for (var i = 1; i < 5; i++)
        {
            builder.AddNode($"n{i}", new WhoAmINode()).AddConnection($"n{i - 1}", "next", $"n{i}", "value");
        }

        var workflow = builder.Build();
        using var sync = new LocalRuntime();
        await using var asyncRuntime = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        foreach (var result in new[] { sync.Execute(workflow, cancellationToken: TestContext.Current.CancellationToken), await asyncRuntime.ExecuteAsync(workflow, cancellationToken: TestContext.Current.CancellationToken) })
        {
            for (var i = 0; i < 5; i++)
            {
                var node = result[$"n{i}"];
                Assert.Equal($"n{i}", node["node_id"]);
                Assert.Equal($"{result.RunId}:n{i}:0", node["key"]);
                Assert.Equal(1, node["attempt"]);
                Assert.Equal(i == 0 ? "only-n0" : "none", node["extra"]);
                Assert.Equal((long)(i + 1), node["next"]);
            }
        }
    }

    /// <summary>The input of <see cref="WhoAmINode"/>.</summary>
    public sealed record WhoAmIInput(long Value, string Extra = "none");

    /// <summary>The output of <see cref="WhoAmINode"/>.</summary>
    public sealed record WhoAmIOutput(string NodeId, string Key, int Attempt, string Extra, long Next);

    /// <summary>Reports what its context and inputs say.</summary>
    public sealed class WhoAmINode : Node<WhoAmIInput, WhoAmIOutput>
    {
        public override WhoAmIOutput Run(WhoAmIInput input, NodeContext context)
            => new(context.NodeId, context.IdempotencyKey, context.Attempt, input.Extra, input.Value + 1);
    }
}
