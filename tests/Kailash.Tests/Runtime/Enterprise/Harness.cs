using Kailash.Nodes;
using Kailash.Nodes.Code;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Tests.Runtime.Enterprise;

/// <summary>Runs a workflow on either runtime and deterministic failing nodes for resilience tests.</summary>
internal static class Harness
{
    public static BaseRuntime Create(bool sync, RuntimeOptions? options = null)
        => sync ? new LocalRuntime(options) : new AsyncLocalRuntime(options);

    /// <summary>Runs the workflow; a failure or cancellation thrown at the boundary is returned with its partial result.</summary>
    public static async Task<(WorkflowRunResult Result, Exception? Thrown)> RunAsync(BaseRuntime runtime, Workflow workflow, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = runtime is LocalRuntime local
                ? local.Execute(workflow, null, cancellationToken)
                : await ((AsyncLocalRuntime)runtime).ExecuteAsync(workflow, null, cancellationToken);
            return (result, null);
        }
        catch (WorkflowExecutionException ex)
        {
            return (ex.Result, ex);
        }
        catch (WorkflowCancelledException ex)
        {
            return (ex.Result, ex);
        }
    }

    /// <summary>A node that fails its first <paramref name="failures"/> attempts of every execution, then returns its attempt number.</summary>
    public static LambdaNode Flaky(int failures, Func<int, Exception>? error = null, Counter? calls = null)
        => new(
            (_, context) =>
            {
                calls?.Increment();
                if (context.Attempt <= failures)
                {
                    throw error?.Invoke(context.Attempt) ?? new InvalidOperationException($"transient failure {context.Attempt}");
                }

                return new Dictionary<string, object?> { ["result"] = (long)context.Attempt };
            },
            null,
            ["result"]);

    /// <summary>A node that always throws the exception made by <paramref name="error"/>.</summary>
    public static LambdaNode Failing(Func<Exception> error, Counter? calls = null)
        => new(
            (_, _) =>
            {
                calls?.Increment();
                throw error();
            },
            null,
            ["result"]);

    /// <summary>An async node that signals when it starts and then waits until its token is cancelled.</summary>
    public static AsyncLambdaNode Hanging(Counter? starts = null, SemaphoreSlim? started = null)
        => new(
            async (_, _, token) =>
            {
                starts?.Increment();
                started?.Release();
                await Task.Delay(Timeout.Infinite, token);
                return new Dictionary<string, object?> { ["result"] = "never" };
            },
            null,
            ["result"]);

    public static Workflow Single(string workflowId, Node node, Func<WorkflowBuilder, WorkflowBuilder>? configure = null)
    {
        var builder = new WorkflowBuilder(workflowId).AddNode("n", node);
        return (configure?.Invoke(builder) ?? builder).Build();
    }

    /// <summary>A fake clock that signals every timer it creates (retry delays, timeouts), so tests advance time only once a wait has begun.</summary>
    internal sealed class ObservableTimeProvider : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        public SemaphoreSlim TimerCreated { get; } = new(0);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.Release();
            return timer;
        }
    }

    /// <summary>A thread-safe call counter.</summary>
    internal sealed class Counter
    {
        private int _value;

        public int Value => Volatile.Read(ref _value);

        public int Increment() => Interlocked.Increment(ref _value);
    }
}
