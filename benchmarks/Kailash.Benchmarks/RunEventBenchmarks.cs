using BenchmarkDotNet.Attributes;
using Kailash.Runtime;

namespace Kailash.Benchmarks;

/// <summary>
/// Issue 13 item 5 goals, per runtime and shape. <c>Listener=None</c>: run events cost nothing when nobody listens —
/// time and allocated bytes equal <see cref="AnalyticsCostBenchmarks"/> (<c>Analytics=True</c>) on the same shape,
/// within noise (≈ 290 B per step on <c>chain50</c>). <c>Listener=Callback</c>: a listener costs about two small event
/// objects per step (NodeStarted, NodeCompleted) and at most 1 µs per step over <c>None</c>. <c>Listener=Stream</c>: the
/// same events through <c>Stream</c>/<c>StreamAsync</c>'s bounded channel, read as fast as they come — at most 2 µs per
/// step over <c>None</c> (the channel hand-off; the sync runtime also pays for one thread per run).
/// </summary>
[MemoryDiagnoser]
public class RunEventBenchmarks
{
    private BaseRuntime _runtime = null!;
    private Kailash.Workflows.Workflow _shape = null!;
    private RunSettings? _listening;
    private long _seen;

    [Params("seq3", "chain50")]
    public string Shape { get; set; } = "seq3";

    [Params("None", "Callback", "Stream")]
    public string Listener { get; set; } = "None";

    [Params("sync", "async")]
    public string Runtime { get; set; } = "sync";

    [GlobalSetup]
    public void Setup()
    {
        _shape = Shapes.Build(Shape);
        _runtime = Runtime == "sync" ? new LocalRuntime() : new AsyncLocalRuntime(new RuntimeOptions { MaxConcurrency = 1 });
        _listening = Listener == "Callback" ? new RunSettings { OnEvent = e => _seen += e.Seq } : null;
        _ = Run().AsTask().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup() => _runtime.Dispose();

    [Benchmark]
    public async ValueTask<long> Run()
    {
        if (Listener == "Stream")
        {
            var events = _runtime is LocalRuntime blocking ? blocking.Stream(_shape).ToAsyncEnumerable() : ((AsyncLocalRuntime)_runtime).StreamAsync(_shape);
            await foreach (var runEvent in events)
            {
                _seen += runEvent.Seq;
            }

            return _seen;
        }

        var result = _runtime is LocalRuntime local ? local.Execute(_shape, null, _listening) : await ((AsyncLocalRuntime)_runtime).ExecuteAsync(_shape, null, _listening);
        return result.Results.Count;
    }
}
