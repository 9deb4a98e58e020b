namespace Genesis.Exchange.Resilience;

/// <summary>Describes a change of the circuit breaker's state.</summary>
public sealed class CircuitStateChangedEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    /// <param name="previousState">The state before the change.</param>
    /// <param name="newState">The state after the change.</param>
    /// <param name="changedAt">When the state changed.</param>
    public CircuitStateChangedEventArgs(CircuitState previousState, CircuitState newState, DateTimeOffset changedAt)
    {
        PreviousState = previousState;
        NewState = newState;
        ChangedAt = changedAt;
    }

    /// <summary>The state before the change.</summary>
    public CircuitState PreviousState { get; }

    /// <summary>The state after the change.</summary>
    public CircuitState NewState { get; }

    /// <summary>When the state changed.</summary>
    public DateTimeOffset ChangedAt { get; }
}
