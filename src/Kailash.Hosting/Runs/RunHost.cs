using System.Collections.Concurrent;
using Kailash.Durability;
using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Runtime.Events;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kailash.Hosting.Runs;

/// <summary>
/// The server's runs. The run store (the runtime's <see cref="RuntimeOptions.RunStore"/>) is the one record of every run —
/// status, node results, events — whichever process started it; this class only starts runs on the container's
/// <see cref="AsyncLocalRuntime"/> and holds what a store cannot: the cancellation and completion of the runs running in
/// this process (<see cref="LocalRun"/>, forgotten when they end). Disposing cancels those runs and waits for them.
/// </summary>
internal sealed partial class RunHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, LocalRun> _local = new(StringComparer.Ordinal);
    private readonly AsyncLocalRuntime _runtime;
    private readonly StoredWorkflows _workflows;
    private readonly ILogger _logger;

    public RunHost(AsyncLocalRuntime runtime, WorkflowCatalog catalog, NodeRegistry registry, ILoggerFactory? loggers = null)
    {
        _runtime = runtime;
        Store = runtime.Options.RunStore ?? throw new InvalidOperationException("The hosted runtime has no run store; AddKailash registers one.");
        _workflows = new StoredWorkflows(catalog, registry);
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Kailash.Hosting.Runs");
    }

    /// <summary>Gets the run store every run is recorded in.</summary>
    public IRunStore Store { get; }

    /// <summary>Gets the runtime runs are started, watched and resumed on.</summary>
    public AsyncLocalRuntime Runtime => _runtime;

    /// <summary>
    /// Starts a run in the background and returns once it is recorded in the store and has started (so its id can be read,
    /// watched and cancelled at once). A run refused before it started (access denied, invalid parameters, store
    /// unavailable) throws that refusal here.
    /// </summary>
    public Task<LocalRun> StartAsync(Workflow workflow, IReadOnlyDictionary<string, object?> parameters, UserContext? user, CancellationToken cancellationToken)
    {
        var local = new LocalRun(Guid.CreateVersion7().ToString());
        return LaunchAsync(local, started => new RunSettings { RunId = local.RunId, UserContext = user, OnEvent = started }, (settings, token) => _runtime.ExecuteAsync(workflow, parameters, settings, token), cancellationToken);
    }

    /// <summary>
    /// Resumes a stored run (suspended, or stopped by a crash) in the background, as <see cref="StartAsync"/> starts one:
    /// returns once it is running again, or throws why it cannot be resumed. <paramref name="settingsFor"/> builds the
    /// resume settings (answers to input requests, drift…) and must pass the given receiver as
    /// <see cref="ResumeSettings.OnEvent"/> (calling it from its own receiver when it has one).
    /// </summary>
    public async Task<LocalRun> ResumeAsync(string runId, Func<Action<RunEvent>, ResumeSettings> settingsFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settingsFor);

        // The run's workflow as this server knows it (the served one, or the stored definition with the container's nodes).
        var record = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        var workflow = record is null ? null : _workflows.For(record);
        return await LaunchAsync(
            new LocalRun(runId),
            settingsFor,
            (settings, token) => workflow is null ? _runtime.ResumeAsync(runId, settings, token) : _runtime.ResumeAsync(workflow, runId, settings, token),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Finds a run running in this process.</summary>
    public bool TryGetLocal(string runId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LocalRun? run) => _local.TryGetValue(runId, out run);

    /// <summary>Reads a run from the store: its record, node executions and workflow; <see langword="null"/> when the store has no such run.</summary>
    public async Task<RunSnapshot?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var record = await Store.GetRunAsync(runId, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var nodes = await Store.GetNodeExecutionsAsync(runId, 0, cancellationToken).ConfigureAwait(false);
        return new RunSnapshot(record, nodes, _workflows.For(record), _local.ContainsKey(runId));
    }

    /// <summary>Lists the newest runs of the store, newest first.</summary>
    public async Task<IReadOnlyList<RunRecord>> RecentAsync(int count, CancellationToken cancellationToken)
        => await Store.ListRunsAsync(new RunQuery { Limit = count }, cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        var running = _local.Values.ToArray();
        foreach (var run in running)
        {
            run.Cancel();
        }

        await Task.WhenAll(running.Select(run => run.Finished)).ConfigureAwait(false);
    }

    private async Task<LocalRun> LaunchAsync<TSettings>(LocalRun local, Func<Action<RunEvent>, TSettings> settingsFor, Func<TSettings, CancellationToken, ValueTask<WorkflowRunResult>> run, CancellationToken cancellationToken)
    {
        if (!_local.TryAdd(local.RunId, local))
        {
            throw new KailashException(ErrorCodes.RunLeaseHeld, $"Run '{local.RunId}' is already running in this server.");
        }

        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = settingsFor(e =>
        {
            if (e is RunStarted or RunResumed)
            {
                started.TrySetResult();
            }
        });
        var execution = Task.Run(() => ExecuteAsync(local, token => run(settings, token)), CancellationToken.None);
        await Task.WhenAny(started.Task, execution).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!started.Task.IsCompleted && local.Error is { } refused)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refused);
        }

        return local;
    }

    private async Task ExecuteAsync(LocalRun local, Func<CancellationToken, ValueTask<WorkflowRunResult>> run)
    {
        Exception? error = null;
        try
        {
            await run(local.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WorkflowExecutionException or WorkflowCancelledException)
        {
            // The run ended (failed or cancelled) and the store holds how: nothing to keep here.
        }
#pragma warning disable CA1031 // A background run must always end; how it ended is in the store, anything unexpected is logged.
        catch (Exception e)
#pragma warning restore CA1031
        {
            error = e;
            if (e is not (KailashException or WorkflowValidationException or OperationCanceledException))
            {
                LogUnexpected(_logger, e, local.RunId);
            }
        }
        finally
        {
            _local.TryRemove(new KeyValuePair<string, LocalRun>(local.RunId, local));
        }

        local.End(error);
        local.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string runId);
}
