using Kailash.Runtime.Engine;
using Kailash.Workflows;

namespace Kailash.Runtime;

/// <summary>
/// What both runtimes share: validated options, the one execution engine, the six concern facades and the lifecycle.
/// <see cref="LocalRuntime"/> and <see cref="AsyncLocalRuntime"/> only choose how to wait for the engine.
/// </summary>
/// <remarks>Runtimes are thread-safe: one instance may run many workflows at once, from many threads.</remarks>
public abstract partial class BaseRuntime : IDisposable, IAsyncDisposable
{
    private volatile bool _disposed;

    private protected BaseRuntime(RuntimeOptions? options)
    {
        options ??= new RuntimeOptions();
        options.Validate();
        Options = options.Snapshot();
        Engine = new ExecutionEngine(new RuntimeServices(Options));
    }

    /// <summary>Gets the options this runtime was built with (a private copy).</summary>
    public RuntimeOptions Options { get; }

    /// <summary>Gets a value indicating whether the runtime has been disposed.</summary>
    public bool IsDisposed => _disposed;

    internal ExecutionEngine Engine { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
        return default;
    }

    /// <summary>Releases the runtime's resources.</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            Engine.Services.Enterprise.Resources.Dispose();
        }
    }

    /// <summary>Runs the engine in synchronous mode and settles the outcome at the public boundary.</summary>
    private protected WorkflowRunResult RunSynchronously(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken)
    {
        Guard(workflow);
        var pending = Engine.RunAsync(workflow, parameters, settings, isSynchronous: true, cancellationToken);
        return Settle(workflow, pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult(), cancellationToken);
    }

    /// <summary>Runs the engine in asynchronous mode and settles the outcome at the public boundary.</summary>
    private protected ValueTask<WorkflowRunResult> RunAsynchronously(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken)
    {
        Guard(workflow);
        var pending = Engine.RunAsync(workflow, parameters, settings, isSynchronous: false, cancellationToken);
        return pending.IsCompletedSuccessfully ? new(Settle(workflow, pending.Result, cancellationToken)) : AwaitAndSettle(workflow, pending, cancellationToken);
    }

    private async ValueTask<WorkflowRunResult> AwaitAndSettle(Workflow workflow, ValueTask<WorkflowRunResult> pending, CancellationToken cancellationToken)
        => Settle(workflow, await pending.ConfigureAwait(false), cancellationToken);

    private WorkflowRunResult Settle(Workflow workflow, WorkflowRunResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case WorkflowRunStatus.Cancelled:
                throw new WorkflowCancelledException(result, cancellationToken);
            case WorkflowRunStatus.Failed when Options.ErrorPolicy == ErrorPolicy.Stop:
                foreach (var pair in result.Results)
                {
                    if (pair.Value.Status == NodeStatus.Failed)
                    {
                        throw new WorkflowExecutionException(pair.Key, workflow.GetNode(pair.Key).TypeName, pair.Value.Error!, result);
                    }
                }

                return result;
            default:
                return result;
        }
    }

    private void Guard(Workflow workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ObjectDisposedException.ThrowIf(_disposed, this);
    }
}
