namespace Genesis.Exchange.Resilience;

/// <summary>Observes the circuit breaker that guards calls to the exchange (for health checks, metrics and alerts).</summary>
public interface ICircuitBreakerMonitor
{
    /// <summary>The current state (an open circuit whose break duration has passed reports <see cref="CircuitState.HalfOpen"/>).</summary>
    CircuitState State { get; }

    /// <summary>
    /// Raised after every state change, outside the breaker's lock, on the thread of the call that caused it. An
    /// exception a handler throws is logged and ignored: it cannot change the result of that call.
    /// </summary>
    event EventHandler<CircuitStateChangedEventArgs>? StateChanged;
}
