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
    private readonly bool _synchronous;
    private int _started;
    private int _completed;
    private int _failed;
    private int _skipped;
    private int _cancelled;
    private long _attempts;

    public RunTelemetryState(string runId, string workflowId, Activity? activity, DateTimeOffset startedAt, bool keepPath, bool synchronous)
    {
        _synchronous = synchronous;
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

    public int Started => Volatile.Read(ref _started);

    public int Completed => Volatile.Read(ref _completed);

    public int Failed => Volatile.Read(ref _failed);

    public int Skipped => Volatile.Read(ref _skipped);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public long Attempts => Interlocked.Read(ref _attempts);

    public bool PathTruncated { get; private set; }

    /// <summary>Gets or sets the statistics of the node type counted last (most runs repeat one type; saves a table lookup per node).</summary>
    public (string Type, ExecutionStats Stats)? LastTypeStats { get; set; }

    /// <summary>Counts a node start. A synchronous run is driven by one thread: no atomic operation is needed.</summary>
    public void CountStarted()
    {
        if (_synchronous)
        {
            _started++;
        }
        else
        {
            Interlocked.Increment(ref _started);
        }
    }

    public void Count(Engine.PlanNode node, NodeResult result)
    {
        switch (result.Status)
        {
            case NodeStatus.Completed:
                Add(ref _completed);
                break;
            case NodeStatus.Failed:
                Add(ref _failed);
                break;
            case NodeStatus.Skipped:
                Add(ref _skipped);
                break;
            default:
                Add(ref _cancelled);
                break;
        }

        if (_synchronous)
        {
            _attempts += result.Attempts;
        }
        else
        {
            Interlocked.Add(ref _attempts, result.Attempts);
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

    private void Add(ref int counter)
    {
        if (_synchronous)
        {
            counter++;
        }
        else
        {
            Interlocked.Increment(ref counter);
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
