using System.Diagnostics;

namespace Kailash.Runtime.Analytics;

/// <summary>What analytics tracks for one run in flight (created only when analytics is enabled).</summary>
internal sealed class RunTelemetryState
{
    /// <summary>The most path entries kept per run (<see cref="EventRetention.Full"/>); a long cycle cannot grow memory past it.</summary>
    public const int MaxPathEntries = 10_000;

    /// <summary>The run slot holding this state (<see cref="Engine.RunContext.Slots"/>).</summary>
    public static readonly Engine.RunSlotKey<RunTelemetryState> Slot = new("analytics.run");

    private readonly Lock? _pathLock;
    private readonly List<ExecutionPathEntry>? _path;
    private int _pathCount;
    private int _completed;
    private int _failed;
    private int _skipped;
    private int _cancelled;
    private long _attempts;

    public RunTelemetryState(string runId, string workflowId, Activity? activity, DateTimeOffset startedAt, bool keepPath)
    {
        RunId = runId;
        WorkflowId = workflowId;
        Activity = activity;
        StartedAt = startedAt;
        if (keepPath)
        {
            _pathLock = new Lock();
            _path = [];
        }
    }

    public string RunId { get; }

    public string WorkflowId { get; }

    public Activity? Activity { get; }

    public DateTimeOffset StartedAt { get; }

    public int Completed => Volatile.Read(ref _completed);

    public int Failed => Volatile.Read(ref _failed);

    public int Skipped => Volatile.Read(ref _skipped);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public long Attempts => Interlocked.Read(ref _attempts);

    public bool PathTruncated { get; private set; }

    public void Count(Engine.PlanNode node, NodeResult result)
    {
        Interlocked.Add(ref _attempts, result.Attempts);
        switch (result.Status)
        {
            case NodeStatus.Completed:
                Interlocked.Increment(ref _completed);
                break;
            case NodeStatus.Failed:
                Interlocked.Increment(ref _failed);
                break;
            case NodeStatus.Skipped:
                Interlocked.Increment(ref _skipped);
                break;
            default:
                Interlocked.Increment(ref _cancelled);
                break;
        }

        if (_path is null)
        {
            return;
        }

        lock (_pathLock!)
        {
            if (_pathCount >= MaxPathEntries)
            {
                PathTruncated = true;
                return;
            }

            _path.Add(new ExecutionPathEntry
            {
                Sequence = _pathCount++,
                NodeId = node.Id,
                NodeType = node.TypeName,
                Status = result.Status,
                SkipReason = result.SkipReason,
                Attempts = result.Attempts,
                Duration = result.Duration,
                ErrorCode = result.ErrorCode,
            });
        }
    }

    public IReadOnlyList<ExecutionPathEntry> PathSnapshot()
    {
        if (_path is null)
        {
            return [];
        }

        lock (_pathLock!)
        {
            return [.. _path];
        }
    }
}
