using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Genesis.Exchange.Tests.Resilience;

/// <summary>Builds a pipeline transport with one strategy of the resilience pipeline, to test that strategy alone.</summary>
internal static class TestPipelines
{
    /// <summary>The retry strategy alone around <paramref name="inner"/>.</summary>
    public static ResiliencePipelineTransport Retry(IExchangeTransport inner, RetryOptions options, TimeProvider time, Random? random, TimeSpan totalTimeout, ILogger? logger = null)
    {
        var pipeline = new ResiliencePipelineBuilder<ExchangeResponse> { TimeProvider = time }
            .AddExchangeRetry(options, time, random, totalTimeout, logger ?? NullLogger.Instance)
            .Build();
        return new ResiliencePipelineTransport(inner, pipeline, time, [ResilienceComposer.RetryLayer]);
    }

    /// <summary>The count circuit breaker strategy alone around <paramref name="inner"/>.</summary>
    public static ResiliencePipelineTransport Breaker(IExchangeTransport inner, CircuitBreaker breaker, TimeProvider time)
    {
        var pipeline = new ResiliencePipelineBuilder<ExchangeResponse> { TimeProvider = time }
            .AddCountCircuitBreaker(breaker, NullLogger.Instance)
            .Build();
        return new ResiliencePipelineTransport(inner, pipeline, time, [ResilienceComposer.CircuitBreakerLayer]);
    }
}
