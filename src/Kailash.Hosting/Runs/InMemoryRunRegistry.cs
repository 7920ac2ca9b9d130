using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kailash.Hosting.Runs;

/// <summary>
/// Runs workflows on the container's <see cref="AsyncLocalRuntime"/> in the background and keeps them in memory
/// (the newest <see cref="KailashOptions.RunHistory"/> runs; older finished runs are forgotten). Disposing cancels the
/// runs still going and waits for them.
/// </summary>
internal sealed partial class InMemoryRunRegistry : IRunRegistry, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TrackedRun> _runs = new(StringComparer.Ordinal);
    private readonly LinkedList<TrackedRun> _order = new();
    private readonly AsyncLocalRuntime _runtime;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _history;

    public InMemoryRunRegistry(AsyncLocalRuntime runtime, IOptions<KailashOptions> options, TimeProvider? time = null, ILoggerFactory? loggers = null)
    {
        _runtime = runtime;
        _time = time ?? TimeProvider.System;
        _logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger("Kailash.Hosting.Runs");
        _history = options.Value.RunHistory;
    }

    public TrackedRun Start(Workflow workflow, IReadOnlyDictionary<string, object?> parameters, UserContext? user)
    {
        var run = new TrackedRun(Guid.CreateVersion7().ToString(), workflow, user, _time);
        lock (_gate)
        {
            _runs.Add(run.RunId, run);
            _order.AddLast(run);
            while (_order.Count > _history && _order.First!.Value.IsFinished)
            {
                var oldest = _order.First.Value;
                _order.RemoveFirst();
                _runs.Remove(oldest.RunId);
                oldest.Dispose();
            }
        }

        _ = Task.Run(() => ExecuteAsync(run, parameters));
        return run;
    }

    public bool TryGet(string runId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TrackedRun? run)
    {
        lock (_gate)
        {
            return _runs.TryGetValue(runId, out run);
        }
    }

    public IReadOnlyList<TrackedRun> Recent(int count)
    {
        lock (_gate)
        {
            var list = new List<TrackedRun>(Math.Min(count, _order.Count));
            for (var node = _order.Last; node is not null && list.Count < count; node = node.Previous)
            {
                list.Add(node.Value);
            }

            return list;
        }
    }

    public async ValueTask DisposeAsync()
    {
        TrackedRun[] running;
        lock (_gate)
        {
            running = [.. _order.Where(run => !run.IsFinished)];
        }

        foreach (var run in running)
        {
            run.Cancel();
        }

        await Task.WhenAll(running.Select(run => run.Finished)).ConfigureAwait(false);
    }

    private async Task ExecuteAsync(TrackedRun run, IReadOnlyDictionary<string, object?> parameters)
    {
        try
        {
            var settings = new RunSettings { RunId = run.RunId, UserContext = run.User, Progress = run };
            var result = await _runtime.ExecuteAsync(run.Workflow, parameters, settings, run.CancellationToken).ConfigureAwait(false);
            var failed = result.Results.Values.FirstOrDefault(node => node.Status == NodeStatus.Failed);
            run.Complete(result, failed is null ? "completed" : "completed_with_errors", failed?.ErrorCode, failed?.Error?.Message, null);
        }
        catch (WorkflowExecutionException e)
        {
            run.Complete(e.Result, "failed", e.Code, e.Message, e.NodeId);
        }
        catch (WorkflowCancelledException e)
        {
            run.Complete(e.Result, "cancelled", WorkflowCancelledException.Code, e.Message, null);
        }
        catch (KailashException e)
        {
            run.Complete(null, "failed", e.Code, e.Message, e.NodeId);
        }
        catch (OperationCanceledException e)
        {
            run.Complete(null, "cancelled", ErrorCodes.Cancelled, e.Message, null);
        }
#pragma warning disable CA1031 // A background run must always end in a recorded state; the error is logged and reported.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogUnexpected(_logger, e, run.RunId);
            run.Complete(null, "failed", ErrorCodes.NodeFailed, "The run failed unexpectedly; see the server log.", null);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string runId);
}
