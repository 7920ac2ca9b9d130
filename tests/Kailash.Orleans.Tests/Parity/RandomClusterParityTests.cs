using Kailash.Nodes;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests.Parity;

/// <summary>
/// A sample of the random-DAG property on the cluster: random valid DAGs of registered nodes (routers, sync and async
/// folds) give the same result on the 3-silo cluster as on LocalRuntime. Seeded, so a failure names its workflow.
/// </summary>
[Collection(nameof(SharedCluster))]
public sealed class RandomClusterParityTests(ClusterFixture fixture)
{
    public const int Sample = 30;

    [Fact]
    public async Task RandomWorkflows_AgreeWithLocalRuntime()
    {
        for (var seed = 0; seed < Sample; seed++)
        {
            var workflow = Build(seed);

            var local = await ClusterSnapshot.LocalAsync(workflow, null);
            var cluster = await ClusterSnapshot.ClusterAsync(fixture.Runtime, workflow, null);

            Assert.True(local == cluster, $"seed {seed}: local and cluster differ\n{local}\n---\n{cluster}");
        }
    }

    [Fact]
    public void Generator_ProducesRoutersAsyncNodesAndVariedSizes()
    {
        var shapes = Enumerable.Range(0, Sample).Select(Build).ToList();

        Assert.Contains(shapes, w => w.Nodes.Any(n => n.Node is ClusterNodes.RouterNode));
        Assert.Contains(shapes, w => w.Nodes.Any(n => n.Node is AsyncNode));
        Assert.True(shapes.Select(w => w.Nodes.Count).Distinct().Count() > 5);
    }

    /// <summary>A random DAG from a seed: each node takes up to three earlier nodes' ports as inputs.</summary>
    private static Workflow Build(int seed)
    {
        var random = new Random(seed);
        var builder = new WorkflowBuilder($"random-{seed}", ClusterNodes.Registry);
        var ports = new List<string[]>();
        var count = random.Next(2, 14);
        for (var i = 0; i < count; i++)
        {
            var type = random.Next(6) switch
            {
                0 or 1 => "ClusterRouter",
                2 => "ClusterYieldingSum",
                _ => "ClusterSum",
            };
            builder.AddNode(type, $"n{i}", new() { ["constant"] = (long)random.Next(50) });
            ports.Add(type == "ClusterRouter" ? ["even", "odd", "value"] : ["result"]);
            var inputs = i == 0 ? 0 : random.Next(0, Math.Min(3, i) + 1);
            var used = new HashSet<int>();
            for (var k = 0; k < inputs; k++)
            {
                var source = random.Next(i);
                if (used.Add(source))
                {
                    builder.AddConnection($"n{source}", ports[source][random.Next(ports[source].Length)], $"n{i}", $"in{k}");
                }
            }
        }

        return builder.Build();
    }
}
