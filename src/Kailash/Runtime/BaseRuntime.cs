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
    /// <summary>How long <see cref="Dispose()"/> waits for cancelled runs to end before it releases resources anyway.</summary>
    public static readonly TimeSpan DisposeWaitLimit = TimeSpan.FromSeconds(10);

    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _disposed;

    /// <summary>Runs in flight plus one for the runtime itself; disposal removes that one, and the last run out completes <see cref="_drained"/>.</summary>
    private int _active = 1;
    private int _released;

    private protected BaseRuntime(RuntimeOptions? options)
    {
        options ??= new RuntimeOptions();
        options.Validate();
        Options = options.Snapshot();
        Engine = new ExecutionEngine(new RuntimeServices(Options));
    }

    /// <summary>Gets the options this runtime was built with: a deep copy, read-only (<see cref="RuntimeOptions.IsReadOnly"/>).</summary>
    public RuntimeOptions Options { get; }

    /// <summary>Gets a value indicating whether the runtime has been disposed.</summary>
    public bool IsDisposed => _disposed;

    internal ExecutionEngine Engine { get; }

    /// <summary>
    /// Cancels every run in flight, waits for them to end (at most <see cref="DisposeWaitLimit"/>) and releases the runtime's
    /// resources. A run started afterwards throws <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Cancels every run in flight, waits for all of them to end, then releases the runtime's resources.</summary>
    /// <returns>A task that completes when the runtime is disposed.</returns>
    public async ValueTask DisposeAsync()
    {
        if (BeginDispose())
        {
            await _drained.Task.ConfigureAwait(false);
        }

        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the runtime's resources (after in-flight runs were cancelled and awaited).</summary>
    /// <param name="disposing"><see langword="true"/> when called from <see cref="Dispose()"/> or <see cref="DisposeAsync"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (BeginDispose())
        {
            // Bounded: a node that ignores its token may keep its run alive; resources are released anyway after the limit.
            _drained.Task.Wait(DisposeWaitLimit);
        }

        if (disposing && Interlocked.Exchange(ref _released, 1) == 0)
        {
            Engine.Services.Enterprise.Resources.Dispose();
        }
    }

    /// <summary>Runs the engine in synchronous mode and settles the outcome at the public boundary.</summary>
    private protected WorkflowRunResult RunSynchronously(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return Synchronously(new EngineCall(workflow, parameters, settings, null, null), cancellationToken);
    }

    /// <summary>Runs the engine in asynchronous mode and settles the outcome at the public boundary.</summary>
    private protected ValueTask<WorkflowRunResult> RunAsynchronously(Workflow workflow, IReadOnlyDictionary<string, object?>? parameters, RunSettings? settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        return Asynchronously(new EngineCall(workflow, parameters, settings, null, null), cancellationToken);
    }

    /// <summary>Resumes a stored run in synchronous mode (see <see cref="LocalRuntime.Resume(string, ResumeSettings?, CancellationToken)"/>).</summary>
    private protected WorkflowRunResult ResumeSynchronously(string runId, Workflow? workflow, ResumeSettings? settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return Synchronously(new EngineCall(workflow, null, null, runId, settings), cancellationToken);
    }

    /// <summary>Resumes a stored run in asynchronous mode (see <see cref="AsyncLocalRuntime.ResumeAsync(string, ResumeSettings?, CancellationToken)"/>).</summary>
    private protected ValueTask<WorkflowRunResult> ResumeAsynchronously(string runId, Workflow? workflow, ResumeSettings? settings, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return Asynchronously(new EngineCall(workflow, null, null, runId, settings), cancellationToken);
    }

    private WorkflowRunResult Synchronously(EngineCall call, CancellationToken cancellationToken)
    {
        Enter();
        try
        {
            var pending = call.Start(Engine, isSynchronous: true, cancellationToken);
            return Settle(pending.IsCompletedSuccessfully ? pending.Result! : pending.AsTask().GetAwaiter().GetResult()!, cancellationToken);
        }
        finally
        {
            Exit();
        }
    }

    private ValueTask<WorkflowRunResult> Asynchronously(EngineCall call, CancellationToken cancellationToken)
    {
        Enter();
        ValueTask<WorkflowRunResult?> pending;
        try
        {
            pending = call.Start(Engine, isSynchronous: false, cancellationToken);
        }
        catch
        {
            Exit();
            throw;
        }

        if (!pending.IsCompletedSuccessfully)
        {
            return AwaitAndSettle(pending, cancellationToken);
        }

        try
        {
            return new(Settle(pending.Result!, cancellationToken));
        }
        finally
        {
            Exit();
        }
    }

    private async ValueTask<WorkflowRunResult> AwaitAndSettle(ValueTask<WorkflowRunResult?> pending, CancellationToken cancellationToken)
    {
        try
        {
            return Settle((await pending.ConfigureAwait(false))!, cancellationToken);
        }
        finally
        {
            Exit();
        }
    }

    private static WorkflowRunResult Settle(WorkflowRunResult result, CancellationToken cancellationToken)
    {
        switch (result.Status)
        {
            case WorkflowRunStatus.Cancelled:
                throw new WorkflowCancelledException(result, cancellationToken);
            case WorkflowRunStatus.Failed when result.StoppedOnFailure:
                foreach (var pair in result.Results)
                {
                    if (pair.Value.Status == NodeStatus.Failed)
                    {
                        throw new WorkflowExecutionException(pair.Key, result.TypeNameOf(pair.Key), pair.Value.Error!, result);
                    }
                }

                return result;
            default:
                return result;
        }
    }

    /// <summary>Counts a run in, unless the runtime is disposed (then throws <see cref="ObjectDisposedException"/>).</summary>
    private void Enter()
    {
        var active = Volatile.Read(ref _active);
        while (active > 0 && !_disposed)
        {
            var seen = Interlocked.CompareExchange(ref _active, active + 1, active);
            if (seen == active)
            {
                return;
            }

            active = seen;
        }

        ObjectDisposedException.ThrowIf(true, this);
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _active) == 0)
        {
            _drained.TrySetResult();
        }
    }

    /// <summary>One call into the engine: a run of a workflow, or the resume of a stored run (<see cref="RunId"/> set).</summary>
    private readonly record struct EngineCall(Workflow? Workflow, IReadOnlyDictionary<string, object?>? Parameters, RunSettings? Settings, string? RunId, ResumeSettings? Resume)
    {
        public ValueTask<WorkflowRunResult?> Start(ExecutionEngine engine, bool isSynchronous, CancellationToken cancellationToken)
            => RunId is null
                ? engine.StartAsync(Workflow!, Parameters, Settings, isSynchronous, null, null, cancellationToken)
                : engine.ResumeAsync(RunId, Workflow, Resume, isSynchronous, cancellationToken);
    }

    /// <summary>Marks the runtime disposed and cancels its runs; returns <see langword="true"/> for the first caller only.</summary>
    private bool BeginDispose()
    {
        lock (_drained)
        {
            if (_disposed)
            {
                return false;
            }

            _disposed = true;
        }

        Engine.CancelAllRuns();
        Exit();
        return true;
    }
}
