using Polly;

namespace Genesis.Exchange.Resilience;

/// <summary>Options of the <see cref="CountCircuitBreakerStrategy"/> (the thresholds live in the breaker itself).</summary>
internal sealed class CountCircuitBreakerStrategyOptions : ResilienceStrategyOptions
{
    /// <summary>Creates the options.</summary>
    /// <param name="breaker">The breaker the strategy guards with.</param>
    public CountCircuitBreakerStrategyOptions(CircuitBreaker breaker)
    {
        ArgumentNullException.ThrowIfNull(breaker);
        Breaker = breaker;
        Name = StrategyName;
    }

    /// <summary>The strategy's name in telemetry.</summary>
    public const string StrategyName = "Genesis.Exchange.CircuitBreaker";

    /// <summary>The breaker (its state machine and <see cref="ICircuitBreakerMonitor"/>).</summary>
    public CircuitBreaker Breaker { get; }
}
