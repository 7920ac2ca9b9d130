using Kailash.IntegrationTests.Parity;
using Kailash.Runtime;
using Kailash.Runtime.Engine.Persistence;
using Kailash.Workflows;

namespace Kailash.Orleans.Tests.Parity;

/// <summary>Runs a workflow locally or on the cluster and gives the parity snapshot of its outcome (also of a run that threw).</summary>
public static class ClusterSnapshot
{
    /// <summary>An error's type as it crosses silos: a restored error names its original type (short name, like the local snapshot).</summary>
    public static string TypeName(Exception error)
    {
        var name = error is RestoredNodeException restored ? restored.OriginalTypeName : error.GetType().FullName ?? error.GetType().Name;
        return name[(Math.Max(name.LastIndexOf('.'), name.LastIndexOf('+')) + 1)..];
    }

    /// <summary>
    /// The parity snapshot with its cycle lines in order: <see cref="WorkflowRunResult.Cycles"/> lists cycles in the order
    /// they finished, which independent cycles running really concurrently (on the cluster) do in either order.
    /// </summary>
    private static string Snapshot(WorkflowRunResult result, string? thrownCode)
    {
        var lines = ResultSnapshot.Of(result, thrownCode, TypeName).Split('\n');
        return string.Join('\n', lines.Where(l => !l.StartsWith("cycle ", StringComparison.Ordinal)).Concat(lines.Where(l => l.StartsWith("cycle ", StringComparison.Ordinal)).Order(StringComparer.Ordinal)));
    }

    public static async Task<string> LocalAsync(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters)
    {
        using var runtime = new LocalRuntime();
        return await CaptureAsync(() => new ValueTask<WorkflowRunResult>(runtime.Execute(workflow, parameters, TestContext.Current.CancellationToken)));
    }

    public static Task<string> ClusterAsync(ClusterRuntime runtime, Workflow workflow, IReadOnlyDictionary<string, object?>? parameters)
        => CaptureAsync(() => runtime.ExecuteAsync(workflow, parameters, TestContext.Current.CancellationToken));

    private static async Task<string> CaptureAsync(Func<ValueTask<WorkflowRunResult>> run)
    {
        try
        {
            return Snapshot(await run(), null);
        }
        catch (WorkflowExecutionException ex)
        {
            return Snapshot(ex.Result, ex.Code);
        }
        catch (WorkflowCancelledException ex)
        {
            return Snapshot(ex.Result, WorkflowCancelledException.Code);
        }
        catch (KailashException ex)
        {
            return $"not started; thrown={ex.Code}: {ex.Message}\n";
        }
        catch (WorkflowValidationException ex)
        {
            return $"not started; invalid={ex.Code}: {ex.Message}\n";
        }
    }
}
