namespace Genesis.Exchange.Resilience;

/// <summary>Observes the circuit breaker that guards calls to the exchange (for health checks, metrics and alerts).</summary>
public interface ICircuitBreakerMonitor
{
    /// <summary>The current state (an open circuit whose break duration has passed reports <see cref="CircuitState.HalfOpen"/>).</summary>
    CircuitState State { get; }

    /// <summary>
    /// Raised after every state change, off the request path: changes are delivered in order on a thread-pool thread,
    /// after the call that caused them may already have returned. An exception a handler throws is logged and ignored;
    /// a slow handler delays later notifications, never a call to the exchange.
    /// </summary>
    event EventHandler<CircuitStateChangedEventArgs>? StateChanged;
}
