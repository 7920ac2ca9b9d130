using Kailash.Runtime;

namespace Kailash.IntegrationTests.Parity;

/// <summary>Runs a scenario on one runtime kind and returns its snapshot (also for runs that throw).</summary>
public static class ParityRunner
{
    /// <summary>Runs a scenario. <c>Result</c> is <see langword="null"/> only when the run was refused before it started (a pre-run <see cref="KailashException"/>).</summary>
    public static async Task<(string Snapshot, WorkflowRunResult? Result, Exception? Thrown)> RunAsync(ParityScenario scenario, RuntimeKind kind)
    {
        var options = new RuntimeOptions { MaxConcurrency = kind == RuntimeKind.AsyncConcurrent ? 8 : 1 };
        scenario.Configure?.Invoke(options);
        if (kind == RuntimeKind.AsyncSequential)
        {
            options.MaxConcurrency = 1;
        }

        var workflow = scenario.Build();
        try
        {
            WorkflowRunResult result;
            if (kind == RuntimeKind.Sync)
            {
                using var runtime = new LocalRuntime(options);
                result = runtime.Execute(workflow, scenario.Parameters, TestContext.Current.CancellationToken);
            }
            else
            {
                await using var runtime = new AsyncLocalRuntime(options);
                result = await runtime.ExecuteAsync(workflow, scenario.Parameters, TestContext.Current.CancellationToken);
            }

            return (ResultSnapshot.Of(result), result, null);
        }
        catch (WorkflowExecutionException ex)
        {
            return (ResultSnapshot.Of(ex.Result, ex.Code), ex.Result, ex);
        }
        catch (WorkflowCancelledException ex)
        {
            return (ResultSnapshot.Of(ex.Result, WorkflowCancelledException.Code), ex.Result, ex);
        }
        catch (KailashException ex)
        {
            // Refused before any node ran (access policy, unknown parameter): both runtimes must refuse identically.
            return ($"not started; thrown={ex.Code} {ex.GetType().Name}: {ex.Message}\n", null, ex);
        }
    }
}
