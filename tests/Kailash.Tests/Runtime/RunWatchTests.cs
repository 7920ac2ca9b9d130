using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Tests.Runtime.Enterprise;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime;

/// <summary><c>WatchAsync</c>: a run's events from the run store, then live; durable runs store their events numbered without gaps, across a resume.</summary>
public sealed class RunWatchTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kailash-watch-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<bool> Runtimes => new() { true, false };

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AFinishedRun_IsWatchedFromTheStore_WithTheEventsItEmitted(bool sync)
    {
        await using var store = new SqliteRunStore(Path.Combine(_directory, "runs.db"));
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store });
        var emitted = new List<RunEvent>();
        var settings = new RunSettings { RunId = "done", OnEvent = emitted.Add };
        _ = runtime is LocalRuntime local ? local.Execute(Chain(4, null), null, settings, Ct) : await ((AsyncLocalRuntime)runtime).ExecuteAsync(Chain(4, null), null, settings, Ct);

        var watched = await Collect(runtime.WatchAsync("done", 0, Ct));
        var later = await Collect(runtime.WatchAsync("done", 3, Ct));

        Assert.Equal(emitted.Select(RunEventJson.Serialize), watched.Select(RunEventJson.Serialize));
        Assert.Equal(Enumerable.Range(4, emitted.Count - 3).Select(i => (long)i), later.Select(e => e.Seq));
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task ARunningRun_IsWatchedFromTheStoreThenLive_WithoutGapsOrDuplicates(bool sync)
    {
        using var gate = new SemaphoreSlim(0);
        var store = new InMemoryRunStore();
        using var runtime = Harness.Create(sync, new RuntimeOptions { RunStore = store });
        var waiting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var workflow = Chain(6, index =>
        {
            if (index == 3)
            {
                waiting.TrySetResult();
                gate.Wait(Ct);
            }
        });
        var settings = new RunSettings { RunId = "live" };
        var run = Task.Run(async () => runtime is LocalRuntime local ? local.Execute(workflow, null, settings, Ct) : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, settings, Ct), Ct);
        await waiting.Task.WaitAsync(Ct);

        var watching = Collect(runtime.WatchAsync("live", 0, Ct));
        gate.Release();
        var watched = await watching;
        await run;

        Assert.Equal(Enumerable.Range(1, watched.Count).Select(i => (long)i), watched.Select(e => e.Seq));
        Assert.IsType<RunStarted>(watched[0]);
        Assert.IsType<RunCompleted>(watched[^1]);
        Assert.Equal(6, watched.OfType<NodeCompleted>().Count());
    }

    [Theory]
    [MemberData(nameof(Runtimes))]
    public async Task AResumedRun_NumbersItsEventsOn_FromTheStoresLast(bool sync)
    {
        var store = new InMemoryRunStore();
        var crashing = new Kailash.Testing.CrashingRunStore(store, 7);
        using (var first = Harness.Create(sync, new RuntimeOptions { RunStore = crashing }))
        {
            var settings = new RunSettings { RunId = "again" };
            await Assert.ThrowsAsync<RunStoreException>(async () => _ = first is LocalRuntime local ? local.Execute(Chain(6, null), null, settings, Ct) : await ((AsyncLocalRuntime)first).ExecuteAsync(Chain(6, null), null, settings, Ct));
        }

        using var second = Harness.Create(sync, new RuntimeOptions { RunStore = store });
        _ = second is LocalRuntime resumer ? resumer.Resume(Chain(6, null), "again", null, Ct) : await ((AsyncLocalRuntime)second).ResumeAsync(Chain(6, null), "again", null, Ct);

        var stored = await Collect(second.WatchAsync("again", 0, Ct));
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored.Select(e => e.Seq));
        Assert.IsType<RunStarted>(stored[0]);
        Assert.Single(stored.OfType<RunResumed>());
        Assert.IsType<RunCompleted>(stored[^1]);
    }

    [Fact]
    public async Task Watching_WithoutAStore_OrAnUnknownRun_IsACodedError()
    {
        using var bare = new AsyncLocalRuntime();
        var none = await Assert.ThrowsAsync<KailashException>(() => Collect(bare.WatchAsync("x", 0, Ct)));
        using var stored = new AsyncLocalRuntime(new RuntimeOptions { RunStore = new InMemoryRunStore() });
        var unknown = await Assert.ThrowsAsync<RunStoreException>(() => Collect(stored.WatchAsync("x", 0, Ct)));

        Assert.Equal((ErrorCodes.WatchUnavailable, ErrorCodes.RunNotFound), (none.Code, unknown.Code));
    }

    private static async Task<List<RunEvent>> Collect(IAsyncEnumerable<RunEvent> events)
    {
        var all = new List<RunEvent>();
        await foreach (var runEvent in events)
        {
            all.Add(runEvent);
        }

        return all;
    }

    private static Workflow Chain(int length, Action<int>? onRun) => RunEventStreamTests.Chain(length, onRun);
}
