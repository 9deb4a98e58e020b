namespace Genesis.Exchange.Resilience;

/// <summary>The state of the circuit breaker.</summary>
public enum CircuitState
{
    /// <summary>Calls go through; transient failures are counted.</summary>
    Closed = 0,

    /// <summary>Calls fail fast with <see cref="Errors.CircuitOpenException"/> until the break duration passes.</summary>
    Open,

    /// <summary>The break duration passed: one trial call goes through; its outcome closes or reopens the circuit.</summary>
    HalfOpen,
}
