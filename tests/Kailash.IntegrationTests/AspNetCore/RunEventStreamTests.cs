using Kailash.AspNetCore;
using Kailash.Durability;
using Kailash.IntegrationTests.Cli;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.IntegrationTests.AspNetCore;

/// <summary>
/// The SSE stream never holds a run back: a client that stops reading makes the stream let go of the live run (the run
/// finishes), and once the client reads again it gets every event, in order, from the store — no gap, no duplicate.
/// </summary>
public sealed class RunEventStreamTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kailash-sse-pump-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task AClientThatStopsReading_DoesNotHoldTheRun_AndLaterGetsEveryEventOnce()
    {
        var ct = TestContext.Current.CancellationToken;
        var gate = Path.Combine(_dir, "gate");
        using var runtime = new AsyncLocalRuntime(new RuntimeOptions { RunStore = new InMemoryRunStore() });
        var registry = NodeRegistry.CreateDefault();
        registry.Register<FileGateNode>();
        var builder = new WorkflowBuilder("long", registry).AddNode("FileGateNode", "gate", new() { ["path"] = gate });
        var previous = "gate";
        for (var i = 0; i < 200; i++)
        {
            builder.AddNode("PassThroughNode", $"n{i}").AddConnection(previous, previous == "gate" ? "result" : "data", $"n{i}", "data");
            previous = $"n{i}";
        }

        const string runId = "long-run";
        var running = runtime.ExecuteAsync(builder.Build(), null, new RunSettings { RunId = runId }, ct).AsTask();
        while (!(await runtime.Options.RunStore!.ReadEventsAsync(runId, 0, 10, ct)).Any(e => e.Type == "NodeStarted"))
        {
            await Task.Delay(10, ct);
        }

        // ~400 events, more than a live watcher holds (RunSettings.DefaultEventBufferSize) before the run waits for it; the stream buffers 4.
        // The client reads one event, then nothing until the run has finished.
        var stream = RunEventStream.ReadAsync(runtime, runId, 0, ct, bufferSize: 4).GetAsyncEnumerator(ct);
        Assert.True(await stream.MoveNextAsync());
        var ids = new List<long> { long.Parse(stream.Current.EventId!, System.Globalization.CultureInfo.InvariantCulture) };
        var types = new List<string> { stream.Current.EventType };
        FileGateNode.Open(gate, "go");
        var result = await running.WaitAsync(TimeSpan.FromMinutes(2), ct); // a held run would never finish: the wait would fail, not hang
        while (await stream.MoveNextAsync())
        {
            ids.Add(long.Parse(stream.Current.EventId!, System.Globalization.CultureInfo.InvariantCulture));
            types.Add(stream.Current.EventType);
        }

        await stream.DisposeAsync();
        Assert.Equal(WorkflowRunStatus.Completed, result.Status);
        var stored = await runtime.Options.RunStore!.ReadEventsAsync(runId, 0, 1000, ct);
        Assert.True(stored.Count > RunSettings.DefaultEventBufferSize + 4, $"only {stored.Count} events: not enough to fill a live watcher's buffer");
        Assert.Equal(stored.Select(e => e.Seq), ids);
        Assert.Equal(stored.Select(e => e.Type), types);
        Assert.Equal("RunCompleted", types[^1]);
    }
}
