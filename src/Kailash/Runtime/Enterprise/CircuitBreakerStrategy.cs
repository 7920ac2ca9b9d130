using Kailash.Runtime.Engine;
using Polly;

namespace Kailash.Runtime.Enterprise;

/// <summary>
/// A custom Polly v8 strategy that puts a <see cref="CircuitBreaker"/> in a node's pipeline (inside the retry strategy, so
/// every attempt counts). A rejected call becomes a <see cref="KailashException"/> with code <c>KWF061</c>, which the retry
/// classifier never retries.
/// </summary>
internal sealed class CircuitBreakerStrategy : ResilienceStrategy
{
    private readonly CircuitBreaker _breaker;
    private readonly IResilienceEvents _telemetry;
    private readonly string _nodeId;

    public CircuitBreakerStrategy(CircuitBreaker breaker, IResilienceEvents telemetry, string nodeId)
    {
        _breaker = breaker;
        _telemetry = telemetry;
        _nodeId = nodeId;
    }

    protected override ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (!_breaker.TryAcquire(out var isProbe, out _, out var transition))
        {
            return new(Outcome.FromException<TResult>(new KailashException(
                ErrorCodes.CircuitOpen,
                $"The circuit '{_breaker.Key}' is open (it opens after {_breaker.FailureThreshold} consecutive failures), so node '{_nodeId}' was not run. It lets one probe call through {_breaker.BreakDuration.TotalSeconds:0.###} s after opening; please fix the failing dependency, or reset the circuit with runtime.Enterprise.ResetCircuitBreaker(\"{_breaker.Key}\").",
                _nodeId)));
        }

        Report(transition);
        var pending = callback(context, state);
        if (pending.IsCompleted)
        {
            return new(Complete(pending.Result, context, isProbe));
        }

        return AwaitAsync(pending, context, isProbe);
    }

    private async ValueTask<Outcome<TResult>> AwaitAsync<TResult>(ValueTask<Outcome<TResult>> pending, ResilienceContext context, bool isProbe)
        => Complete(await pending.ConfigureAwait(context.ContinueOnCapturedContext), context, isProbe);

    private Outcome<TResult> Complete<TResult>(Outcome<TResult> outcome, ResilienceContext context, bool isProbe)
    {
        if (outcome.Exception is OperationCanceledException && context.CancellationToken.IsCancellationRequested)
        {
            _breaker.Release(isProbe);
            return outcome;
        }

        Report(_breaker.Record(outcome.Exception is null, isProbe));
        return outcome;
    }

    private void Report(CircuitState? transition)
    {
        if (transition is { } state)
        {
            _telemetry.OnCircuitStateChanged(_breaker.Key, state);
        }
    }
}
