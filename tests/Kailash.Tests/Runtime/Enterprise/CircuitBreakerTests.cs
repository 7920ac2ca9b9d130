using Kailash.Runtime.Enterprise;
using Microsoft.Extensions.Time.Testing;

namespace Kailash.Tests.Runtime.Enterprise;

public sealed class CircuitBreakerTests
{
    private readonly FakeTimeProvider _time = new();

    private CircuitBreaker Create(int failures = 2, int successes = 2)
        => new("k", new CircuitBreakerPolicyOptions { FailureThreshold = failures, SuccessThreshold = successes, BreakDuration = TimeSpan.FromSeconds(10) }, _time);

    private static CircuitState? Call(CircuitBreaker breaker, bool success)
    {
        Assert.True(breaker.TryAcquire(out var probe, out _, out _));
        return breaker.Record(success, probe);
    }

    [Fact]
    public void OpensAfterConsecutiveFailures_ASuccessResetsTheCount()
    {
        var breaker = Create(failures: 2);

        Assert.Null(Call(breaker, false));
        Assert.Null(Call(breaker, true));
        Assert.Null(Call(breaker, false));
        Assert.Equal(CircuitState.Open, Call(breaker, false));

        Assert.False(breaker.TryAcquire(out _, out var retryAfter, out _));
        Assert.Equal(TimeSpan.FromSeconds(10), retryAfter);
        Assert.Equal(1, breaker.Snapshot().RejectedCalls);
    }

    [Fact]
    public void HalfOpensAfterBreak_AdmitsOneProbeAtATime_ClosesAfterSuccessThreshold()
    {
        var breaker = Create(failures: 1, successes: 2);
        Call(breaker, false);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(CircuitState.HalfOpen, breaker.Snapshot().State);

        Assert.True(breaker.TryAcquire(out var probe, out _, out var transition));
        Assert.True(probe);
        Assert.Equal(CircuitState.HalfOpen, transition);
        Assert.False(breaker.TryAcquire(out _, out _, out _));
        Assert.Null(breaker.Record(true, probe));

        Assert.Equal(CircuitState.Closed, Call(breaker, true));
        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State);
        Assert.Equal(0, breaker.Snapshot().ConsecutiveFailures);
    }

    [Fact]
    public void FailedProbe_ReopensAndRestartsTheSuccessCount()
    {
        var breaker = Create(failures: 1, successes: 2);
        Call(breaker, false);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(Call(breaker, true));
        Assert.Equal(CircuitState.Open, Call(breaker, false));
        Assert.False(breaker.TryAcquire(out _, out _, out _));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(Call(breaker, true));
        Assert.Equal(1, breaker.Snapshot().HalfOpenSuccesses);
        Assert.Equal(CircuitState.Closed, Call(breaker, true));
        Assert.Equal(2, breaker.Snapshot().TimesOpened);
    }

    [Fact]
    public void ReleasedProbe_FreesTheSlotWithoutCounting()
    {
        var breaker = Create(failures: 1, successes: 1);
        Call(breaker, false);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(breaker.TryAcquire(out var probe, out _, out _));
        breaker.Release(probe);

        Assert.Equal(CircuitState.Closed, Call(breaker, true));
    }

    [Fact]
    public void IsolateAndReset_ControlTheCircuitManually()
    {
        var breaker = Create();
        breaker.Isolate();
        Assert.Equal(CircuitState.Open, breaker.Snapshot().State);
        breaker.Reset();
        Assert.Equal(CircuitState.Closed, breaker.Snapshot().State);
        Assert.True(breaker.TryAcquire(out _, out _, out _));
    }
}
