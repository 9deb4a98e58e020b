using System.Diagnostics.Metrics;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Polly;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Builds the resilience pipeline around a transport in its one correct order: a Polly pipeline (total timeout → retry
/// → count circuit breaker) over two inner steps (time sync → rate limiting) over the transport that sends.
/// </summary>
/// <remarks>
/// Rate limiting and time sync stay inner steps (<see cref="IExchangeTransport"/> decorators) rather than strategies:
/// both must wrap exactly one wire attempt (a permit is held for one send and reconciled with that response's headers;
/// the -1021 resend and the <c>/api/v3/time</c> samples go through the limiter but not through the retry or the
/// breaker), time sync sends requests of its own, and neither needs anything a Polly strategy offers.
/// </remarks>
internal static class ResilienceComposer
{
    /// <summary>
    /// Wraps <paramref name="inner"/>, outermost first: Timeout → Retry → CircuitBreaker (one Polly pipeline) → TimeSync →
    /// RateLimiting → inner. A layer whose options say <c>Enabled = false</c> is left out, except the rate limiting layer:
    /// with <c>RateLimits.Enabled = false</c> it counts nothing but still honours 429 (pause until Retry-After) and 418
    /// (fail fast until the ban ends), which no client may ignore. Retries sit outside the breaker so that an open
    /// circuit stops them; the total timeout sits outside the retries so that it bounds them all; time sync sits above
    /// the limiter so that its <c>/api/v3/time</c> calls are counted (it measures the offset from the time the request
    /// spent on the wire, not the wait in the limiter).
    /// </summary>
    /// <param name="inner">The transport that signs and sends.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="clock">The server clock the signing transport reads.</param>
    /// <param name="budget">The rate limit budget.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null.</param>
    /// <returns>The composed transport.</returns>
    public static IExchangeTransport Compose(IExchangeTransport inner, GenesisExchangeOptions options, TimeProvider timeProvider, IServerClock clock, IRateLimitBudget budget, ILoggerFactory loggerFactory, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var breaker = options.CircuitBreaker.Enabled
            ? new CircuitBreaker(options.CircuitBreaker, timeProvider, loggerFactory.CreateLogger<CircuitBreaker>())
            : null;
        return ComposeWithBreaker(inner, options, timeProvider, clock, budget, loggerFactory, breaker, random);
    }

    /// <summary>
    /// Same as <see cref="Compose"/>, with a breaker the caller created (e.g. registered in DI as
    /// <see cref="ICircuitBreakerMonitor"/> so health checks can observe it). A null breaker leaves the layer out.
    /// </summary>
    /// <param name="inner">The transport that signs and sends.</param>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The time source.</param>
    /// <param name="clock">The server clock the signing transport reads.</param>
    /// <param name="budget">The rate limit budget.</param>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <param name="breaker">The breaker, or null to leave the layer out.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null.</param>
    /// <param name="meter">The <c>Genesis.Exchange</c> meter that receives the pipeline's events; none when null.</param>
    /// <returns>The composed transport.</returns>
    public static IExchangeTransport ComposeWithBreaker(IExchangeTransport inner, GenesisExchangeOptions options, TimeProvider timeProvider, IServerClock clock, IRateLimitBudget budget, ILoggerFactory loggerFactory, CircuitBreaker? breaker, Random? random = null, Meter? meter = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        var transport = (IExchangeTransport)new RateLimitingTransport(
            inner, budget, timeProvider, loggerFactory.CreateLogger<RateLimitingTransport>(), RateLimitWaitLimit(options.Timeouts), enforceLimits: options.RateLimits.Enabled);

        if (options.TimeSync.Enabled)
        {
            transport = new TimeSyncTransport(transport, clock, options.TimeSync, timeProvider, loggerFactory.CreateLogger<TimeSyncTransport>());
        }

        var telemetry = meter is null ? null : new ResilienceTelemetry(meter);
        var builder = new ResiliencePipelineBuilder<ExchangeResponse> { Name = "Genesis.Exchange", TimeProvider = timeProvider, TelemetryListener = telemetry };
        var layers = new List<string>(3);
        if (TotalTimeoutFits(options.Timeouts.Total))
        {
            TotalTimeoutStrategy.AddTo(builder, options.Timeouts.Total, timeProvider);
            layers.Add(TimeoutLayer);
        }

        if (options.Retry.Enabled && options.Retry.MaxRetries > 0)
        {
            builder.AddExchangeRetry(options.Retry, timeProvider, random, options.Timeouts.Total, loggerFactory.CreateLogger<ExchangeRetryStrategy>());
            layers.Add(RetryLayer);
        }

        if (breaker is not null)
        {
            builder.AddCountCircuitBreaker(breaker, loggerFactory.CreateLogger<CountCircuitBreakerStrategy>());
            if (telemetry is not null)
            {
                // Delivered off the request path, like every StateChanged handler.
                breaker.StateChanged += (_, e) => telemetry.Record(CountCircuitBreakerStrategyOptions.StrategyName, "OnCircuit" + e.NewState);
            }

            layers.Add(CircuitBreakerLayer);
        }

        if (layers.Count == 0)
        {
            return transport;
        }

        transport = new ResiliencePipelineTransport(transport, builder.Build(), timeProvider, layers);
        return transport;
    }

    /// <summary>The name of the total timeout layer in <see cref="ResiliencePipelineTransport.Layers"/>.</summary>
    internal const string TimeoutLayer = "timeout";

    /// <summary>The name of the retry layer in <see cref="ResiliencePipelineTransport.Layers"/>.</summary>
    internal const string RetryLayer = "retry";

    /// <summary>The name of the circuit breaker layer in <see cref="ResiliencePipelineTransport.Layers"/>.</summary>
    internal const string CircuitBreakerLayer = "circuit-breaker";

    /// <summary>Whether the total timeout is one Polly's timeout strategy accepts (finite, at most a day); otherwise there is none.</summary>
    private static bool TotalTimeoutFits(TimeSpan total) =>
        total != Timeout.InfiniteTimeSpan && total >= TimeSpan.FromMilliseconds(10) && total <= TimeSpan.FromDays(1);

    /// <summary>
    /// How long a request may wait in the limiter: the total time budget minus one read timeout (so a request that does
    /// get a permit still has time for its answer), at least half the total budget. Waiting longer fails the call with
    /// <c>RequestNotSent</c>, before the caller's total timeout fires with an outcome nobody could tell.
    /// </summary>
    /// <param name="timeouts">The timeouts.</param>
    /// <returns>The wait limit.</returns>
    internal static TimeSpan RateLimitWaitLimit(TimeoutOptions timeouts)
    {
        var total = timeouts.Total;
        if (total == Timeout.InfiniteTimeSpan || total <= TimeSpan.Zero)
        {
            return Timeout.InfiniteTimeSpan;
        }

        var limit = total - timeouts.Read;
        return limit >= total / 2 ? limit : total / 2;
    }
}
