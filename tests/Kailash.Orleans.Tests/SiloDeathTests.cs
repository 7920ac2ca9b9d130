using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace Kailash.Orleans.Tests;

/// <summary>
/// An executor's silo dies mid-step: the node pinned to silo B blocks on a gate, B is killed, and the run grain (on
/// another silo) sends the step again under attempt + 1 to a live silo; the run completes and every other node ran
/// exactly once.
/// </summary>
[Collection(nameof(SharedCluster))]
public sealed class SiloDeathTests(ClusterFixture fixture)
{
    [Fact]
    public async Task ExecutorSiloKilled_StepRetriedElsewhereWithNextAttempt_OtherNodesRunOnce()
    {
        var cluster = fixture.Cluster;
        var coordinator = cluster.Silos[0];
        var victim = cluster.Silos.Last(s => s != coordinator);
        var runId = "silo-death-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var workflow = Load(new WorkflowBuilder("silo-death", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "start", new() { ["value"] = 1L })
            .AddNode("ClusterGate", "pinned")
            .AddNode("ClusterAddOne", "after")
            .AddNode("ClusterAddOne", "side")
            .AddConnection("start", "result", "pinned", "value")
            .AddConnection("pinned", "result", "after", "value")
            .AddConnection("start", "result", "side", "value")
            .Build(), pinnedTo: victim.Name);
        try
        {
            // The run grain goes to a silo that survives (a placement hint on the client's call); the pinned step to the victim.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, coordinator.SiloAddress);
            var run = fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken).AsTask();
            RequestContext.Clear();

            var ranOn = await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            Assert.Equal(victim.Name, ranOn);

#pragma warning disable xUnit1051 // A kill is not cancellable: it must finish so the cluster stays consistent for the next test.
            await cluster.KillSiloAsync(victim);
#pragma warning restore xUnit1051
            var result = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.Equal(WorkflowRunStatus.Completed, result.Status);
            Assert.Equal(102L, result["after"]["result"]);
            Assert.Equal(2L, result["side"]["result"]);
            var executions = ClusterNodes.Executions(runId);
            var pinned = executions.Where(e => e.Node == "pinned").ToList();
            Assert.Equal([1, 2], pinned.Select(e => e.Attempt));
            Assert.NotEqual(victim.Name, pinned[1].Silo);
            foreach (var node in new[] { "start", "after", "side" })
            {
                Assert.Single(executions, e => e.Node == node);
            }
        }
        finally
        {
            RequestContext.Clear();
            gate.Release.TrySetResult();
            if (cluster.Silos.Count < 3)
            {
                await cluster.StartAdditionalSiloAsync();
            }

            // The next tests see a settled cluster (the client no longer tries the dead silo's gateway).
            await cluster.WaitForLivenessToStabilizeAsync(didKill: true);
        }
    }

    /// <summary>The workflow as a document whose pinned node carries a placement hint (a node field in workflow files).</summary>
    private static Workflow Load(Workflow workflow, string pinnedTo)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse(WorkflowSerializer.ToJson(workflow))!;
        document["nodes"]!["pinned"]!["placement"] = pinnedTo;
        return WorkflowSerializer.LoadJson(document.ToJsonString(), ClusterNodes.Registry);
    }
}
