using Genesis.Exchange.Abstractions;
using Microsoft.Extensions.Logging;
using Polly;

namespace Genesis.Exchange.Resilience;

/// <summary>Adds the count-based circuit breaker to a Polly pipeline.</summary>
internal static class CountCircuitBreakerBuilderExtensions
{
    /// <summary>Adds a <see cref="CountCircuitBreakerStrategy"/> guarded by <paramref name="breaker"/>.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="breaker">The breaker state (shared with its monitor).</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder<ExchangeResponse> AddCountCircuitBreaker(this ResiliencePipelineBuilder<ExchangeResponse> builder, CircuitBreaker breaker, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(logger);
        var options = new CountCircuitBreakerStrategyOptions(breaker);
        return builder.AddStrategy(context => new CountCircuitBreakerStrategy(options.Breaker, context.Telemetry, logger), options);
    }
}
