namespace Kailash.Runtime.Enterprise;

/// <summary>
/// Kailash's consecutive-failure circuit breaker, shared by every run of a runtime (and by every node using its key).
/// Unlike the Python original, the failure count resets when the circuit closes or half-opens, half-open admits one probe
/// at a time, and the success count restarts at every half-open episode.
/// </summary>
internal sealed class CircuitBreaker
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private CircuitState _state = CircuitState.Closed;
    private int _failures;
    private int _successes;
    private bool _probeInFlight;
    private long _openedTimestamp;
    private DateTimeOffset? _openedAt;
    private long _timesOpened;
    private long _rejected;

    public CircuitBreaker(string key, CircuitBreakerPolicyOptions options, TimeProvider time)
    {
        Key = key;
        FailureThreshold = options.FailureThreshold;
        SuccessThreshold = options.SuccessThreshold;
        BreakDuration = options.BreakDuration;
        _time = time;
    }

    public string Key { get; }

    public int FailureThreshold { get; }

    public int SuccessThreshold { get; }

    public TimeSpan BreakDuration { get; }

    /// <summary>Asks to make a call.</summary>
    /// <param name="isProbe">Set when the call is the half-open probe.</param>
    /// <param name="retryAfter">How long until a probe is allowed, when rejected.</param>
    /// <param name="transition">A state change this call caused, if any.</param>
    /// <returns><see langword="false"/> when the circuit rejects the call.</returns>
    public bool TryAcquire(out bool isProbe, out TimeSpan retryAfter, out CircuitState? transition)
    {
        transition = null;
        retryAfter = TimeSpan.Zero;
        isProbe = false;
        lock (_lock)
        {
            if (_state == CircuitState.Open)
            {
                var elapsed = _time.GetElapsedTime(_openedTimestamp);
                if (elapsed < BreakDuration)
                {
                    _rejected++;
                    retryAfter = BreakDuration - elapsed;
                    return false;
                }

                _state = CircuitState.HalfOpen;
                _successes = 0;
                transition = CircuitState.HalfOpen;
            }

            if (_state == CircuitState.HalfOpen)
            {
                if (_probeInFlight)
                {
                    _rejected++;
                    return false;
                }

                _probeInFlight = true;
                isProbe = true;
            }

            return true;
        }
    }

    /// <summary>Records the outcome of a call that was let through.</summary>
    /// <returns>The new state when the call changed it, else <see langword="null"/>.</returns>
    public CircuitState? Record(bool success, bool isProbe)
    {
        lock (_lock)
        {
            if (isProbe)
            {
                _probeInFlight = false;
            }

            if (success)
            {
                if (_state == CircuitState.HalfOpen && isProbe && ++_successes >= SuccessThreshold)
                {
                    _state = CircuitState.Closed;
                    _failures = 0;
                    _successes = 0;
                    return CircuitState.Closed;
                }

                if (_state == CircuitState.Closed)
                {
                    _failures = 0;
                }

                return null;
            }

            if (_state == CircuitState.HalfOpen || (_state == CircuitState.Closed && ++_failures >= FailureThreshold))
            {
                Open();
                return CircuitState.Open;
            }

            return null;
        }
    }

    /// <summary>Releases a probe slot without counting the call (the run was cancelled).</summary>
    public void Release(bool isProbe)
    {
        if (!isProbe)
        {
            return;
        }

        lock (_lock)
        {
            _probeInFlight = false;
        }
    }

    /// <summary>Closes the circuit and clears its counts.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _state = CircuitState.Closed;
            _failures = 0;
            _successes = 0;
            _probeInFlight = false;
        }
    }

    /// <summary>Opens the circuit now (manual isolation).</summary>
    public void Isolate()
    {
        lock (_lock)
        {
            Open();
        }
    }

    public CircuitBreakerSnapshot Snapshot()
    {
        lock (_lock)
        {
            var state = _state == CircuitState.Open && _time.GetElapsedTime(_openedTimestamp) >= BreakDuration ? CircuitState.HalfOpen : _state;
            return new CircuitBreakerSnapshot
            {
                Key = Key,
                State = state,
                ConsecutiveFailures = _failures,
                HalfOpenSuccesses = _successes,
                LastOpenedAt = _openedAt,
                TimesOpened = _timesOpened,
                RejectedCalls = _rejected,
                FailureThreshold = FailureThreshold,
                SuccessThreshold = SuccessThreshold,
                BreakDuration = BreakDuration,
            };
        }
    }

    private void Open()
    {
        _state = CircuitState.Open;
        _failures = 0;
        _successes = 0;
        _openedTimestamp = _time.GetTimestamp();
        _openedAt = _time.GetUtcNow();
        _timesOpened++;
    }
}
