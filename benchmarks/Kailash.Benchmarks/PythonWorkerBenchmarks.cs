using BenchmarkDotNet.Attributes;
using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Security;
using Kailash.Workflows;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 14 goal: <c>PythonCodeNode</c> worker reuse. One step of a trivial Python node (<c>result = x + 1</c>) with the
/// worker kept between steps (the default) against a new <c>python3</c> process per step. Reuse should cost a JSON round
/// trip (well under a millisecond); a new process costs the interpreter's start-up (tens of milliseconds).
/// </summary>
[MemoryDiagnoser]
public class PythonWorkerBenchmarks
{
    // Node-specific: a flat "x" is refused (KWF030), since PythonCodeNode declares no input "x".
    private static readonly Dictionary<string, object?> Parameters = new() { ["py"] = new Dictionary<string, object?> { ["x"] = 41L } };
    private Workflow _reused = null!;
    private Workflow _fresh = null!;
    private LocalRuntime _runtime = null!;

    [GlobalSetup]
    public void Setup()
    {
        var registry = NodeRegistry.CreateDefault();
        registry.Permissions = new WorkflowPermissions { AllowCode = true };
        _reused = Build(registry, reuse: true);
        _fresh = Build(registry, reuse: false);
        _runtime = new LocalRuntime();
        _runtime.Execute(_reused, Parameters);
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark(Baseline = true, Description = "PythonCodeNode step, worker reused")]
    public object? ReusedWorker() => _runtime.Execute(_reused, Parameters)["py"]["result"];

    [Benchmark(Description = "PythonCodeNode step, new python3 process per step")]
    public object? NewProcessPerStep() => _runtime.Execute(_fresh, Parameters)["py"]["result"];

    private static Workflow Build(NodeRegistry registry, bool reuse)
    {
        var workflow = new WorkflowBuilder(reuse ? "py-reused" : "py-fresh", registry)
            .AddNode("PythonCodeNode", "py", new() { ["code"] = "result = x + 1" })
            .Build();
        ((PythonCodeNode)workflow.GetNode("py").Node).ReuseWorkers = reuse;
        return workflow;
    }
}
