using Kailash.Durability;
using Kailash.Hosting.Runs;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kailash.IntegrationTests.Hosting.Runs;

/// <summary>
/// <see cref="RunHost"/>: runs start (and resume) in the background once recorded in the run store, which holds
/// everything about them; the host only cancels and awaits the runs of this process, and forgets them when they end.
/// </summary>
public sealed class RunHostTests
{
    private static async Task<IHost> StartedHostAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Services.AddKailash(kailash => kailash
            .AddNode<SlowNode>()
            .AddWorkflow(provider => new WorkflowBuilder("slow", provider.GetRequiredService<NodeRegistry>()).AddNode("SlowNode", "wait").Build()));
        var host = builder.Build();
        await host.StartAsync(TestContext.Current.CancellationToken);
        return host;
    }

    [Fact]
    public async Task AStartedRun_IsInTheStoreAtOnce_CancelledHere_ThenResumed_AndForgottenWhenItEnds()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = await StartedHostAsync();
        var runs = host.Services.GetRequiredService<RunHost>();
        var workflow = host.Services.GetRequiredService<Kailash.Hosting.WorkflowCatalog>().All.Single();

        var started = await runs.StartAsync(workflow, new Dictionary<string, object?>(), null, ct);

        Assert.Equal(DurableRunStatus.Running, (await runs.Store.GetRunAsync(started.RunId, ct))!.Status);
        Assert.True(runs.TryGetLocal(started.RunId, out _));
        Assert.True(started.Cancel());
        await started.Finished.WaitAsync(ct);
        Assert.False(runs.TryGetLocal(started.RunId, out _));
        var cancelled = await runs.GetAsync(started.RunId, ct);
        Assert.Equal(("cancelled", ErrorCodes.Cancelled), (cancelled!.Status, cancelled.Error()!.Value.Code));

        // A cancelled run may be resumed: it runs again here, in the same store record.
        var events = new List<string>();
        var resumed = await runs.ResumeAsync(started.RunId, started => new ResumeSettings { OnEvent = e => { lock (events) { events.Add(e.Type); } started(e); } }, ct);
        Assert.Equal(DurableRunStatus.Running, (await runs.Store.GetRunAsync(started.RunId, ct))!.Status);
        Assert.True(runs.TryGetLocal(started.RunId, out var local) && ReferenceEquals(local, resumed));
        lock (events)
        {
            Assert.Contains("RunResumed", events);
        }

        Assert.True(resumed.Cancel());
        await resumed.Finished.WaitAsync(ct);
        Assert.Equal("cancelled", (await runs.GetAsync(started.RunId, ct))!.Status);
    }

    [Fact]
    public async Task ARunThatCannotBeResumed_ThrowsWhy_AndLeavesNothingRunning()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = await StartedHostAsync();
        var runs = host.Services.GetRequiredService<RunHost>();

        var unknown = await Assert.ThrowsAsync<RunStoreException>(() => runs.ResumeAsync("no-such-run", started => new ResumeSettings { OnEvent = started }, ct));

        Assert.Equal(ErrorCodes.RunNotFound, unknown.Code);
        Assert.False(runs.TryGetLocal("no-such-run", out _));
        Assert.Null(await runs.GetAsync("no-such-run", ct));
    }
}
