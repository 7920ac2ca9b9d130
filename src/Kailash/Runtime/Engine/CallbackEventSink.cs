using Kailash.Runtime.Events;
using Microsoft.Extensions.Logging;

namespace Kailash.Runtime.Engine;

/// <summary>
/// Hands each event to the user's <see cref="RunSettings.OnEvent"/> callback, on the run's thread, in sequence order.
/// The run waits while the callback runs (natural backpressure); a callback that throws is logged and the run goes on.
/// </summary>
internal sealed class CallbackEventSink : IRunEventSink
{
    private readonly Action<RunEvent> _callback;
    private readonly ILogger _logger;

    public CallbackEventSink(Action<RunEvent> callback, ILogger logger)
    {
        _callback = callback;
        _logger = logger;
    }

    public void OnEvent(RunEvent runEvent)
    {
        try
        {
            _callback(runEvent);
        }
        catch (Exception ex)
        {
            Analytics.TelemetryLog.HandlerFailed(_logger, ex, nameof(RunSettings.OnEvent), runEvent.RunId);
        }
    }
}
