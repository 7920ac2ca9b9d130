using Kailash.Nodes;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Makes deadlines hold for nodes that ignore their cancellation token. When a deadline applies to a node (the run has a
/// <see cref="RuntimeOptions.RunTimeout"/>, or the node has a node or attempt timeout), its body runs on a thread-pool
/// thread and the engine waits for it only until the token is cancelled; the node is then abandoned: the wait ends with
/// <see cref="OperationCanceledException"/> at once, the body keeps running to its end in the background, and whatever it
/// returns or throws later is discarded. Without a deadline nothing changes: the body runs in place, at no cost.
/// </summary>
internal static class NodeAbandonment
{
    public static ValueTask<IReadOnlyDictionary<string, object?>> InvokeAsync(Node node, NodeInputs inputs, NodeContext context, CancellationToken deadline)
    {
        if (!deadline.CanBeCanceled)
        {
            return Body(node, inputs, context);
        }

        deadline.ThrowIfCancellationRequested();
        // A body the pool starts only after the deadline (the pool starved by other abandoned nodes) never runs.
        return new(WaitAsync(OnThreadPool(node, inputs, context, deadline), deadline));
    }

    /// <summary>Starts the body on a thread-pool thread (its own method: the lambda's captures are then allocated only on this path, not on every step).</summary>
    private static Task<IReadOnlyDictionary<string, object?>> OnThreadPool(Node node, NodeInputs inputs, NodeContext context, CancellationToken deadline)
        => Task.Run(() => deadline.IsCancellationRequested ? Task.FromCanceled<IReadOnlyDictionary<string, object?>>(deadline) : Body(node, inputs, context).AsTask(), CancellationToken.None);

    /// <summary>One attempt of the node's body: in place, or on the run's step executor (another machine).</summary>
    private static ValueTask<IReadOnlyDictionary<string, object?>> Body(Node node, NodeInputs inputs, NodeContext context)
        => context.StepExecutor is { } executor ? executor.InvokeAsync(node, inputs, context) : node.InvokeAsync(inputs, context);

    private static async Task<IReadOnlyDictionary<string, object?>> WaitAsync(Task<IReadOnlyDictionary<string, object?>> body, CancellationToken deadline)
    {
        try
        {
            return await body.WaitAsync(deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!body.IsCompleted)
        {
            // Abandoned: observe the body's late failure so it never surfaces as an unobserved task exception.
            _ = body.ContinueWith(static late => _ = late.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }
}
