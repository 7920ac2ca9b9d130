using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Analytics;

/// <summary>
/// The subscriber part of telemetry: node and run event handlers and progress receivers. A throwing or faulting
/// handler is logged and never breaks the run.
/// </summary>
internal sealed class TelemetrySubscriptions
{
    private readonly ILogger _logger;
    private readonly bool _enabled;
    private readonly EventSubscriptions<NodeCompletedEvent> _nodeHandlers = new();
    private readonly EventSubscriptions<RunCompletedEvent> _runHandlers = new();
    private volatile bool _nodeWork;
    private volatile bool _runWork;

    public TelemetrySubscriptions(ILogger logger, bool enabled)
    {
        _logger = logger;
        _enabled = enabled;
        _nodeWork = enabled;
        _runWork = enabled;
    }

    /// <summary>Gets a value indicating whether a finished node has anything to do beyond progress (analytics or a subscriber).</summary>
    public bool NodeWork => _nodeWork;

    /// <summary>Gets a value indicating whether a finished run has anything to do (analytics or a subscriber).</summary>
    public bool RunWork => _runWork;

    public EventSubscriptions<NodeCompletedEvent>.Handler[] NodeHandlers => _nodeHandlers.Current;

    public EventSubscriptions<RunCompletedEvent>.Handler[] RunHandlers => _runHandlers.Current;

    public IDisposable SubscribeNode(Action<NodeCompletedEvent>? sync, Func<NodeCompletedEvent, ValueTask>? async)
        => _nodeHandlers.Add(sync, async, () => _nodeWork = _enabled || _nodeHandlers.Current.Length > 0);

    public IDisposable SubscribeRun(Action<RunCompletedEvent>? sync, Func<RunCompletedEvent, ValueTask>? async)
        => _runHandlers.Add(sync, async, () => _runWork = _enabled || _runHandlers.Current.Length > 0);

    /// <summary>Reports progress; a throwing progress receiver is logged and never breaks the run (like event handlers).</summary>
    public void Report(IProgress<WorkflowProgress> progress, WorkflowProgress value)
    {
        try
        {
            progress.Report(value);
        }
        catch (Exception ex)
        {
            TelemetryLog.HandlerFailed(_logger, ex, "Progress", value.RunId);
        }
    }

    public void Publish<T>(EventSubscriptions<T>.Handler[] handlers, T e, string runId, string kind)
    {
        foreach (var handler in handlers)
        {
            try
            {
                if (handler.Sync is { } sync)
                {
                    sync(e);
                    continue;
                }

                var pending = handler.Async!(e);
                if (!pending.IsCompletedSuccessfully)
                {
                    _ = ObserveAsync(pending, runId, kind);
                }
            }
            catch (Exception ex)
            {
                TelemetryLog.HandlerFailed(_logger, ex, kind, runId);
            }
        }
    }

    private async Task ObserveAsync(ValueTask pending, string runId, string kind)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            TelemetryLog.HandlerFailed(_logger, ex, kind, runId);
        }
    }
}
