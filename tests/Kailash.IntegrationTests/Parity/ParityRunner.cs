using System.Collections.Concurrent;
using Kailash.Runtime;
using Kailash.Runtime.Analytics;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Runs a scenario on one runtime kind and returns its snapshot (also for runs that throw).</summary>
public static class ParityRunner
{
    /// <summary>Runs a scenario. <c>Result</c> is <see langword="null"/> only when the run was refused before it started (a pre-run <see cref="KailashException"/>).</summary>
    /// <param name="scenario">The scenario.</param>
    /// <param name="kind">The runtime kind.</param>
    /// <param name="onEvent">An optional receiver of the run's events (added to the scenario's settings).</param>
    public static async Task<(string Snapshot, WorkflowRunResult? Result, Exception? Thrown)> RunAsync(ParityScenario scenario, RuntimeKind kind, Action<Kailash.Runtime.Events.RunEvent>? onEvent = null)
    {
        var options = new RuntimeOptions { MaxConcurrency = kind == RuntimeKind.AsyncConcurrent ? 8 : 1 };
        scenario.Configure?.Invoke(options);
        if (kind == RuntimeKind.AsyncSequential)
        {
            options.MaxConcurrency = 1;
        }

        var workflow = scenario.Build();
        var settings = onEvent is null ? scenario.Settings : new RunSettings { UserContext = scenario.Settings?.UserContext, RunId = scenario.Settings?.RunId, Progress = scenario.Settings?.Progress, OnEvent = onEvent };
        var events = new ConcurrentQueue<NodeCompletedEvent>();
        try
        {
            WorkflowRunResult result;
            if (kind == RuntimeKind.Sync)
            {
                using var runtime = new LocalRuntime(options);
                using var subscription = runtime.Analytics.OnNodeCompleted(events.Enqueue);
                result = runtime.Execute(workflow, scenario.Parameters, settings, TestContext.Current.CancellationToken);
            }
            else
            {
                await using var runtime = new AsyncLocalRuntime(options);
                using var subscription = runtime.Analytics.OnNodeCompleted(events.Enqueue);
                result = await runtime.ExecuteAsync(workflow, scenario.Parameters, settings, TestContext.Current.CancellationToken);
            }

            return (ResultSnapshot.Of(result) + EventSequences(result, events), result, null);
        }
        catch (WorkflowExecutionException ex)
        {
            return (ResultSnapshot.Of(ex.Result, ex.Code) + EventSequences(ex.Result, events), ex.Result, ex);
        }
        catch (WorkflowCancelledException ex)
        {
            return (ResultSnapshot.Of(ex.Result, WorkflowCancelledException.Code) + EventSequences(ex.Result, events), ex.Result, ex);
        }
        catch (KailashException ex)
        {
            // Refused before any node ran (access policy, unknown parameter): both runtimes must refuse identically.
            return ($"not started; thrown={ex.Code} {ex.GetType().Name}: {ex.Message}\n", null, ex);
        }
    }

    /// <summary>
    /// The per-node event sequence: for every node, in plan order, the statuses (and attempts) of its completion events
    /// in the order they were raised. Independent nodes may interleave differently under concurrency; one node's own
    /// sequence may not.
    /// </summary>
    private static string EventSequences(WorkflowRunResult result, ConcurrentQueue<NodeCompletedEvent> events)
    {
        var byNode = events.GroupBy(e => e.NodeId).ToDictionary(g => g.Key, g => string.Join(",", g.Select(e => $"{e.Status}/{e.SkipReason}/{e.Attempts}")));
        var text = new System.Text.StringBuilder("events:\n");
        foreach (var id in result.Results.Keys)
        {
            text.Append(id).Append(": ").Append(byNode.GetValueOrDefault(id, "-")).Append('\n');
        }

        return text.ToString();
    }
}
