using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Orleans;
using Kailash.Runtime;
using Kailash.Workflows;
using Orleans.TestingHost;

namespace Kailash.Benchmarks;

/// <summary>
/// Per-step overhead of a cluster run (issue 16): the same trivial workflow on <see cref="AsyncLocalRuntime"/> and on a
/// 3-silo in-process Orleans cluster (in-memory transport), where every node step is a grain start plus a poll on an
/// executor grain placed at random. Goal: cluster time / async time ≤ 20 on chain50 and fanout8+join.
/// </summary>
[MemoryDiagnoser]
public class ClusterOverheadBenchmarks
{
    private Workflow _workflow = null!;
    private AsyncLocalRuntime _async = null!;
    private InProcessTestCluster _cluster = null!;
    private ClusterRuntime _runtime = null!;

    [Params(Shapes.Chain50, Shapes.FanOut8Join)]
    public string Shape { get; set; } = Shapes.Chain50;

    [GlobalSetup]
    public void Setup()
    {
        _workflow = Shapes.Build(Shape);
        var registry = NodeRegistry.CreateDefault();
        foreach (var type in _workflow.Nodes.Select(n => (n.TypeName, n.Node.GetType())).Distinct())
        {
            registry.Register(type.TypeName, type.Item2, () => (Node)Activator.CreateInstance(type.Item2)!);
        }

        _async = new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 8 });
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) => silo.AddKailash(options =>
        {
            options.Registry = registry;
            options.Runtime = new RuntimeOptions { MaxConcurrency = 8 };
        }));
        _cluster = builder.Build();
        _cluster.DeployAsync().GetAwaiter().GetResult();
        _runtime = new ClusterRuntime(_cluster.Client);
        var expected = Shapes.Expected(Shape);
        var local = _async.ExecuteAsync(_workflow).AsTask().GetAwaiter().GetResult();
        var remote = _runtime.ExecuteAsync(_workflow).AsTask().GetAwaiter().GetResult();
        var output = Shapes.OutputNode(Shape);
        if (!Equals(local[output]["result"], expected) || !Equals(remote[output]["result"], expected))
        {
            throw new InvalidOperationException($"{Shape}: expected {expected}, local {local[output]["result"]}, cluster {remote[output]["result"]}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _async.Dispose();
        _cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public Task<WorkflowRunResult> AsyncLocalRuntime() => _async.ExecuteAsync(_workflow).AsTask();

    [Benchmark]
    public Task<WorkflowRunResult> Cluster3Silos() => _runtime.ExecuteAsync(_workflow).AsTask();
}
