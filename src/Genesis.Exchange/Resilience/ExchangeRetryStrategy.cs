using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// The retry of exchange calls as Polly's retry strategy: transient failures of idempotent requests are retried
/// (5xx responses, 429 after its Retry-After, exchange unavailable and timeouts); order placement never is (its
/// outcome is reconciled by client order id elsewhere), nor an open circuit or an IP ban. The wait is the server's
/// Retry-After when there is one, otherwise <see cref="RetryBackoff"/> (the one backoff formula). A retry whose wait
/// would end after the call's total time budget (<see cref="TimeoutOptions.Total"/>) is not made: the last response
/// or exception is returned.
/// </summary>
internal static class ExchangeRetryStrategy
{
    /// <summary>Adds the exchange retry to a pipeline.</summary>
    /// <param name="builder">The pipeline builder (its <see cref="ResiliencePipelineBuilderBase.TimeProvider"/> times the waits).</param>
    /// <param name="options">Retry settings; <see cref="RetryOptions.MaxRetries"/> must be at least 1.</param>
    /// <param name="timeProvider">The time source of the total budget (the builder's).</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null. Access is serialized.</param>
    /// <param name="totalTimeout">Time budget of a call from its first attempt; no retry is made whose wait would end after it.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder<ExchangeResponse> AddExchangeRetry(
        this ResiliencePipelineBuilder<ExchangeResponse> builder, RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetries, 1, nameof(options));
        var decider = new Decider(options, timeProvider, random, totalTimeout, logger);
        return builder.AddRetry(new RetryStrategyOptions<ExchangeResponse>
        {
            Name = "Genesis.Exchange.Retry",
            MaxRetryAttempts = options.MaxRetries,

            // The delay always comes from the generator below; Polly's own backoff and jitter are not used.
            BackoffType = DelayBackoffType.Constant,
            Delay = TimeSpan.Zero,
            UseJitter = false,
            ShouldHandle = decider.ShouldRetry,
            DelayGenerator = Decider.PlannedDelay,
            OnRetry = decider.OnRetry,
        });
    }

    /// <summary>Decides whether and when to retry; the delay is drawn once, with the decision, and checked against the budget.</summary>
    private sealed class Decider(RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger)
    {
        public static ValueTask<TimeSpan?> PlannedDelay(RetryDelayGeneratorArguments<ExchangeResponse> args) =>
            new(args.Context.Properties.TryGetValue(ExchangeResilienceContext.NextDelay, out var delay) ? delay : TimeSpan.Zero);

        public ValueTask<bool> ShouldRetry(RetryPredicateArguments<ExchangeResponse> args)
        {
            // The common case first: an answer that is not worth another attempt (success or a refusal) needs no lookup.
            if (args.Outcome.Exception is null && !ExchangeFailures.IsRetryable(args.Outcome.Result!))
            {
                return new(false);
            }

            var context = args.Context;
            var request = context.GetRequest();
            if (!request.Endpoint.IsIdempotent || request.Endpoint.IsOrderPlacement)
            {
                return new(false);
            }

            var outcome = args.Outcome;
            TimeSpan delay;
            if (outcome.Exception is { } exception)
            {
                if (!ExchangeFailures.IsRetryable(exception, context.CancellationToken))
                {
                    return new(false);
                }

                delay = NextBackoff(args.AttemptNumber + 1);
            }
            else
            {
                var response = outcome.Result!;
                if (!ExchangeFailures.IsRetryable(response))
                {
                    return new(false);
                }

                delay = response.GetRetryAfter(timeProvider.GetUtcNow()) ?? NextBackoff(args.AttemptNumber + 1);
            }

            var started = context.Properties.GetValue(ExchangeResilienceContext.StartedAt, timeProvider.GetTimestamp());
            if (timeProvider.GetElapsedTime(started) + delay > totalTimeout)
            {
                return new(false);
            }

            context.Properties.Set(ExchangeResilienceContext.NextDelay, delay);
            return new(true);
        }

        public ValueTask OnRetry(OnRetryArguments<ExchangeResponse> args)
        {
            var request = args.Context.GetRequest();
            string reason;
            if (args.Outcome.Exception is { } exception)
            {
                reason = exception.GetType().Name;
                if (request.MayHaveBeenSent && exception is not ExchangeException { RequestNotSent: true })
                {
                    request.EarlierAttemptOutcomeUnknown = true;
                }
            }
            else
            {
                var response = args.Outcome.Result!;
                reason = "HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture);
                if (response.IsOutcomeUnknown)
                {
                    // A 5xx leaves the execution status unknown: the exchange may have acted on this attempt.
                    request.EarlierAttemptOutcomeUnknown = true;
                }
            }

            logger.Retrying(request.CorrelationId, request.Endpoint.Name, args.AttemptNumber + 1, reason, args.RetryDelay);
            return ValueTask.CompletedTask;
        }

        private TimeSpan NextBackoff(int retry)
        {
            if (random is null)
            {
                return RetryBackoff.GetDelay(retry, options, Random.Shared);
            }

            lock (random)
            {
                return RetryBackoff.GetDelay(retry, options, random);
            }
        }
    }
}
