using Kailash.Nodes;
using Kailash.Runtime;
using Kailash.Workflows;

namespace Kailash.Hosting.Runs;

/// <summary>
/// One run the server started: its state, its events (appended under a lock; readers wait on a signal that is
/// replaced on every append) and its cancellation. Thread-safe.
/// </summary>
internal sealed class TrackedRun : IProgress<WorkflowProgress>, IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<RunEventRecord> _events = [];
    private readonly Dictionary<string, NodeStatus> _nodes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _cancellation = new();
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeProvider _time;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TrackedRun(string runId, Workflow workflow, UserContext? user, TimeProvider time)
    {
        RunId = runId;
        Workflow = workflow;
        User = user;
        _time = time;
        CreatedAt = time.GetUtcNow();
        Append("run.started", null, "running", null, null);
    }

    public string RunId { get; }

    public Workflow Workflow { get; }

    public UserContext? User { get; }

    public DateTimeOffset CreatedAt { get; }

    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Gets the status: running, completed, completed_with_errors, failed or cancelled.</summary>
    public string Status { get; private set; } = "running";

    public WorkflowRunResult? Result { get; private set; }

    public string? ErrorCode { get; private set; }

    public string? ErrorMessage { get; private set; }

    public string? ErrorNodeId { get; private set; }

    public bool IsFinished => _finished.Task.IsCompleted;

    /// <summary>Gets a task that completes when the run has finished (never faults).</summary>
    public Task Finished => _finished.Task;

    public CancellationToken CancellationToken => _cancellation.Token;

    /// <summary>Gets each node's latest status (nodes not yet finished are absent).</summary>
    public IReadOnlyDictionary<string, NodeStatus> NodeStatuses
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<string, NodeStatus>(_nodes, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Asks the run to stop; returns <see langword="false"/> when it has already finished.</summary>
    public bool Cancel()
    {
        if (IsFinished)
        {
            return false;
        }

        _cancellation.Cancel();
        return true;
    }

    public void Report(WorkflowProgress value)
    {
        lock (_gate)
        {
            _nodes[value.NodeId] = value.NodeStatus;
        }

        Append("node.finished", value.NodeId, RunJson.Snake(value.NodeStatus.ToString()), null, null);
    }

    public void Complete(WorkflowRunResult? result, string status, string? code, string? message, string? nodeId)
    {
        lock (_gate)
        {
            if (result is not null)
            {
                foreach (var (id, node) in result.Results)
                {
                    _nodes[id] = node.Status;
                }
            }

            Result = result;
            Status = status;
            ErrorCode = code;
            ErrorMessage = message;
            ErrorNodeId = nodeId;
            FinishedAt = _time.GetUtcNow();
        }

        var type = status switch
        {
            "cancelled" => "run.cancelled",
            "failed" => "run.failed",
            _ => "run.completed",
        };
        Append(type, nodeId, status, code, message);
        _finished.TrySetResult();
    }

    /// <summary>Gets the events after <paramref name="afterSequence"/>, and a task that completes when more arrive.</summary>
    public (IReadOnlyList<RunEventRecord> Events, Task Changed) EventsAfter(long afterSequence)
    {
        lock (_gate)
        {
            var start = (int)Math.Clamp(afterSequence, 0, _events.Count);
            return (_events.GetRange(start, _events.Count - start), _changed.Task);
        }
    }

    /// <summary>Streams the events after <paramref name="afterSequence"/> until the run has finished and all were read.</summary>
    public async IAsyncEnumerable<RunEventRecord> ReadEventsAsync(long afterSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = afterSequence;
        while (true)
        {
            var (events, changed) = EventsAfter(next);
            foreach (var item in events)
            {
                next = item.Sequence;
                yield return item;
            }

            if (events.Count > 0 && events[^1].Type is "run.completed" or "run.failed" or "run.cancelled")
            {
                yield break;
            }

            if (events.Count == 0 && IsFinished)
            {
                yield break;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _cancellation.Dispose();

    private void Append(string type, string? nodeId, string? status, string? code, string? message)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            _events.Add(new RunEventRecord(_events.Count + 1, type, _time.GetUtcNow(), nodeId, status, code, message));
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
