using Kailash.Durability;
using Kailash.Runtime;
using Kailash.Testing;

namespace Kailash.IntegrationTests.Parity;

/// <summary>
/// Every catalogue scenario run with a run store that dies after its first, middle and last-but-one commit (as if the
/// process was killed there), then resumed on a fresh runtime from what the store kept: the result must equal the
/// uninterrupted run's, on both runtimes, and no node that the store recorded completed runs again.
/// </summary>
public sealed class DurableResumeParityTests
{
    [Theory]
    [MemberData(nameof(RunStateRoundTripTests.Cases), MemberType = typeof(RunStateRoundTripTests))]
    public async Task CrashedRun_ResumedFromTheStore_GivesTheUninterruptedResult(string scenarioName, RuntimeKind kind)
    {
        var scenario = ParityCatalogue.Get(scenarioName);
        var expected = await OutcomeAsync(scenario, kind, null, null);
        if (expected.Snapshot is null || expected.Status == WorkflowRunStatus.Cancelled || expected.Timed || scenario.Name == "circuit-breaker-opens-on-shared-key")
        {
            // Refused before it started, cancelled or timed by design, or dependent on a breaker the runtime shares across runs.
            return;
        }

        var counting = new CrashingRunStore(new InMemoryRunStore(), int.MaxValue);
        var full = await OutcomeAsync(scenario, kind, counting, null);
        Assert.Equal(expected.Snapshot, full.Snapshot);
        var commits = counting.Committed;
        foreach (var crashAfter in new[] { 1, commits / 2, commits - 1 }.Where(k => k >= 1 && k < commits).Distinct())
        {
            var store = new InMemoryRunStore();
            var crashing = new CrashingRunStore(store, crashAfter);
            var crashed = await OutcomeAsync(scenario, kind, crashing, null);
            if (!crashing.Crashed)
            {
                // Batched commits or a short run: everything fit before the crash point.
                Assert.Equal(expected.Snapshot, crashed.Snapshot);
                continue;
            }

            Assert.Equal(ErrorCodes.StoreUnavailable, crashed.Code);
            var completedBefore = (await store.GetNodeExecutionsAsync(RunId, 0, TestContext.Current.CancellationToken))
                .Where(r => r.Status == NodeExecutionStatus.Completed && r.Iteration == 0 && !r.NodeId.StartsWith('$')).Select(r => r.NodeId).ToHashSet();

            var ran = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var resumed = await OutcomeAsync(scenario, kind, store, RunId, ran);

            if (resumed.Code == ErrorCodes.ResumeNeedsSecretOutputs)
            {
                // A node output held a secret: the store kept it masked, and a node still to run needs it.
                continue;
            }

            Assert.Equal(expected.Snapshot, resumed.Snapshot);
            Assert.DoesNotContain(ran, completedBefore.Contains);

            var record = await store.GetRunAsync(RunId, TestContext.Current.CancellationToken);
            Assert.Equal(expected.Status == WorkflowRunStatus.Completed ? DurableRunStatus.Completed : DurableRunStatus.Failed, record!.Status);
        }
    }

    private const string RunId = "durable-parity";

    /// <summary>Runs the scenario (or resumes <paramref name="resumeRunId"/>) on a fresh runtime with <paramref name="store"/>.</summary>
    private static async Task<Outcome> OutcomeAsync(ParityScenario scenario, RuntimeKind kind, IRunStore? store, string? resumeRunId, System.Collections.Concurrent.ConcurrentQueue<string>? ran = null)
    {
        var options = new RuntimeOptions { MaxConcurrency = kind == RuntimeKind.AsyncConcurrent ? 8 : 1 };
        scenario.Configure?.Invoke(options);
        if (kind != RuntimeKind.AsyncConcurrent)
        {
            options.MaxConcurrency = 1;
        }

        var timed = options.RunTimeout is not null || scenario.Name.Contains("timeout", StringComparison.OrdinalIgnoreCase);
        options.RunStore = store;
        options.CheckpointInterval = 2;
        var settings = new RunSettings { RunId = RunId, UserContext = scenario.Settings?.UserContext, Progress = scenario.Settings?.Progress };
        var resume = new ResumeSettings { Parameters = scenario.Parameters, UserContext = scenario.Settings?.UserContext, Progress = scenario.Settings?.Progress };
        var workflow = scenario.Build();
        var ct = TestContext.Current.CancellationToken;
        try
        {
            WorkflowRunResult result;
            if (kind == RuntimeKind.Sync)
            {
                using var runtime = new LocalRuntime(options);
                using var subscription = runtime.Analytics.OnNodeCompleted(e => ran?.Enqueue(e.NodeId));
                result = resumeRunId is null ? runtime.Execute(workflow, scenario.Parameters, settings, ct) : runtime.Resume(workflow, resumeRunId, resume, ct);
            }
            else
            {
                await using var runtime = new AsyncLocalRuntime(options);
                using var subscription = runtime.Analytics.OnNodeCompleted(e => ran?.Enqueue(e.NodeId));
                result = resumeRunId is null ? await runtime.ExecuteAsync(workflow, scenario.Parameters, settings, ct) : await runtime.ResumeAsync(workflow, resumeRunId, resume, ct);
            }

            return new Outcome(Snapshot(result, null), result.Status, null, timed);
        }
        catch (WorkflowExecutionException ex)
        {
            return new Outcome(Snapshot(ex.Result, ex.Code), ex.Result.Status, ex.Code, timed);
        }
        catch (WorkflowCancelledException ex)
        {
            return new Outcome(Snapshot(ex.Result, WorkflowCancelledException.Code), WorkflowRunStatus.Cancelled, WorkflowCancelledException.Code, timed);
        }
        catch (KailashException ex)
        {
            return new Outcome(null, null, ex.Code, timed);
        }
    }

    private static string Snapshot(WorkflowRunResult result, string? code) => RunStateRoundTripTests.Snapshot(result, code);

    private sealed record Outcome(string? Snapshot, WorkflowRunStatus? Status, string? Code, bool Timed);
}
