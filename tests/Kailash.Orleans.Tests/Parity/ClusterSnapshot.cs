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
            return ResultSnapshot.Of(await run(), null, TypeName);
        }
        catch (WorkflowExecutionException ex)
        {
            return ResultSnapshot.Of(ex.Result, ex.Code, TypeName);
        }
        catch (WorkflowCancelledException ex)
        {
            return ResultSnapshot.Of(ex.Result, WorkflowCancelledException.Code, TypeName);
        }
        catch (WorkflowValidationException ex)
        {
            return $"refused; {string.Join(", ", ex.Errors.Select(e => e.Code))}: {ex.Message}\n";
        }
        catch (KailashException ex)
        {
            return $"not started; thrown={ex.Code}: {ex.Message}\n";
        }
    }
}
