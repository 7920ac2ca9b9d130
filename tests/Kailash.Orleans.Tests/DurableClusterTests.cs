using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Workflows;
using Kailash.Workflows.Serialization;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using Orleans.TestingHost;

namespace Kailash.Orleans.Tests;

/// <summary>A second 3-silo cluster whose engine records every run in one shared run store (the silos' <c>RuntimeOptions.RunStore</c>).</summary>
public sealed class DurableClusterFixture : IAsyncLifetime
{
    public InMemoryRunStore Store { get; } = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public ClusterRuntime Runtime { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddKailash(options =>
            {
                options.Registry = ClusterNodes.Registry;
                options.Runtime = new RuntimeOptions { MaxConcurrency = 8, RunStore = Store, LeaseDuration = TimeSpan.FromSeconds(2) };
                options.StepPollInterval = TimeSpan.FromSeconds(1);
                options.MaxStepDispatches = 10;
                options.RecoverySweepInterval = TimeSpan.FromSeconds(1);
            });
            ClusterFixture.TuneForFastFailureDetection(silo);
        });
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(messaging => messaging.ResponseTimeout = TimeSpan.FromSeconds(10)));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        Runtime = new ClusterRuntime(Cluster.Client) { WaitInterval = TimeSpan.FromSeconds(2) };
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Store.DisposeAsync();
    }
}

/// <summary>
/// Runs on a cluster whose silos share a run store: the run grain persists through <c>IRunStore</c> (the engine's
/// journal: lease and fence in the store), and when the silo coordinating a run dies the run resumes on another silo
/// from the store; nodes that had finished are not run again.
/// </summary>
[Collection(nameof(SharedCluster))]
public sealed class DurableClusterTests(DurableClusterFixture fixture) : IClassFixture<DurableClusterFixture>
{
    [Fact]
    public async Task ClusterRun_IsRecordedInTheRunStore()
    {
        var runId = "stored-" + Guid.NewGuid().ToString("N");
        var workflow = new WorkflowBuilder("stored", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "a", new() { ["value"] = 1L })
            .AddNode("ClusterAddOne", "b")
            .AddConnection("a", "result", "b", "value")
            .Build();

        var result = await fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken);

        Assert.Equal(2L, result["b"]["result"]);
        var record = await fixture.Store.GetRunAsync(runId, TestContext.Current.CancellationToken);
        Assert.Equal(DurableRunStatus.Completed, record!.Status);
        var executions = await fixture.Store.GetNodeExecutionsAsync(runId, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["a", "b"], executions.Select(e => e.NodeId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunGrainSiloKilled_RunResumesOnAnotherSilo_FinishedNodesNotRunAgain()
    {
        var cluster = fixture.Cluster;
        var survivor = cluster.Silos[0];
        var victim = cluster.Silos[1];
        var runId = "coordinator-death-" + Guid.NewGuid().ToString("N");
        var gate = ClusterNodes.Gates.GetOrAdd(runId, _ => new ClusterNodes.Gate());
        var document = System.Text.Json.Nodes.JsonNode.Parse(WorkflowSerializer.ToJson(new WorkflowBuilder("coordinator-death", ClusterNodes.Registry)
            .AddNode("ClusterConstant", "start", new() { ["value"] = 1L })
            .AddNode("ClusterGate", "pinned")
            .AddNode("ClusterAddOne", "after")
            .AddConnection("start", "result", "pinned", "value")
            .AddConnection("pinned", "result", "after", "value")
            .Build()))!;
        document["nodes"]!["pinned"]!["placement"] = survivor.Name;
        var workflow = WorkflowSerializer.LoadJson(document.ToJsonString(), ClusterNodes.Registry);
        try
        {
            // The run grain (coordinator) goes to the victim; the blocked step runs on the survivor.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, victim.SiloAddress);
            var run = fixture.Runtime.ExecuteAsync(workflow, null, new RunSettings { RunId = runId }, TestContext.Current.CancellationToken).AsTask();
            RequestContext.Clear();
            Assert.Equal(survivor.Name, await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));

#pragma warning disable xUnit1051 // A kill is not cancellable: it must finish so the cluster stays consistent for the next test.
            await cluster.KillSiloAsync(victim);
#pragma warning restore xUnit1051
            var result = await run.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

            Assert.Equal(WorkflowRunStatus.Completed, result.Status);
            Assert.Equal(102L, result["after"]["result"]);
            var executions = ClusterNodes.Executions(runId);
            Assert.Single(executions, e => e.Node == "start");
            Assert.Single(executions, e => e.Node == "after");
            Assert.Equal(2, executions.Count(e => e.Node == "pinned"));
            Assert.Equal(DurableRunStatus.Completed, (await fixture.Store.GetRunAsync(runId, TestContext.Current.CancellationToken))!.Status);
        }
        finally
        {
            RequestContext.Clear();
            gate.Release.TrySetResult();
        }
    }
}
