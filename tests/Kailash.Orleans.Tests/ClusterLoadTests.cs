using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests;

/// <summary>Load on the 3-silo cluster: 1,000 runs started at once all finish, none lost, no node run twice, each with its own result.</summary>
[Collection(nameof(SharedCluster))]
public sealed class ClusterLoadTests(ClusterFixture fixture)
{
    private const int Runs = 1000;

    [Fact]
    public async Task ThousandConcurrentRuns_AllComplete_NoneLost_NoNodeRunTwice()
    {
        // A small fan-in per run: two starts from the run's own parameter, one join. Each run's result depends on its index.
        var workflow = new WorkflowBuilder("load", ClusterNodes.Registry)
            .AddNode("ClusterAddOne", "left")
            .AddNode("ClusterAddOne", "right")
            .AddNode("ClusterSum", "join")
            .AddConnection("left", "result", "join", "l")
            .AddConnection("right", "result", "join", "r")
            .Build();
        var prefix = "load-" + Guid.NewGuid().ToString("N")[..8] + "-";
        var runs = Enumerable.Range(0, Runs).Select(i => fixture.Runtime.ExecuteAsync(
            workflow,
            new Dictionary<string, object?> { ["value"] = (long)i },
            new RunSettings { RunId = prefix + i },
            TestContext.Current.CancellationToken).AsTask()).ToArray();

        var results = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);

        Assert.Equal(Runs, results.Length);
        Assert.Equal(Runs, results.Select(r => r.RunId).Distinct().Count());
        for (var i = 0; i < Runs; i++)
        {
            var result = results[i];
            Assert.Equal(prefix + i, result.RunId);
            Assert.Equal(WorkflowRunStatus.Completed, result.Status);
            Assert.Equal(i + 1L, result["left"]["result"]);
            Assert.Equal(i + 1L, result["right"]["result"]);
            var expected = ClusterNodes.Total(Kailash.Nodes.NodeInputs.Create(new Dictionary<string, object?> { ["l"] = i + 1L, ["r"] = i + 1L }, "join"));
            Assert.Equal(expected, result["join"]["result"]);
            var executions = ClusterNodes.Executions(prefix + i);
            Assert.Equal(3, executions.Count);
            Assert.Equal(["join", "left", "right"], executions.Select(e => e.Node).Order(StringComparer.Ordinal));
            Assert.All(executions, e => Assert.Equal(1, e.Attempt));
        }

        // Every silo took part.
        Assert.Equal(3, Enumerable.Range(0, Runs).SelectMany(i => ClusterNodes.Executions(prefix + i)).Select(e => e.Silo).Distinct().Count());
    }
}
