using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Telemetry;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// The retry of exchange calls, a custom Polly strategy: transient failures of idempotent requests are retried
/// (5xx responses, 429 after its Retry-After, exchange unavailable and timeouts); order placement never is (its
/// outcome is reconciled by client order id elsewhere), nor an open circuit or an IP ban. The wait is the server's
/// Retry-After when there is one, otherwise <see cref="RetryBackoff"/> (the one backoff formula). A retry whose wait
/// would end after the call's total time budget (<see cref="TimeoutOptions.Total"/>) is not made: the last response
/// or exception is returned. Each retry is reported as Polly's <c>OnRetry</c> event to the pipeline's telemetry.
/// </summary>
/// <remarks>
/// Polly's own retry strategy expressed the same rules through its predicate and delay generator, at the cost of an
/// async frame, an outcome copy and two context lookups per attempt even when the first answer is final. This one
/// returns a final first answer without any of that, and runs the retry loop only when an attempt failed.
/// </remarks>
internal sealed class ExchangeRetryStrategy : ResilienceStrategy<ExchangeResponse>
{
    /// <summary>The strategy's name in telemetry.</summary>
    internal const string StrategyName = "Genesis.Exchange.Retry";

    /// <summary>The telemetry event of a retry (Polly's name for it).</summary>
    internal static readonly ResilienceEvent RetryEvent = new(ResilienceEventSeverity.Warning, "OnRetry");

    private readonly RetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Random? _random;
    private readonly TimeSpan _totalTimeout;
    private readonly ILogger _logger;
    private readonly ResilienceStrategyTelemetry _telemetry;

    private ExchangeRetryStrategy(RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger, ResilienceStrategyTelemetry telemetry)
    {
        _options = options;
        _timeProvider = timeProvider;
        _random = random;
        _totalTimeout = totalTimeout;
        _logger = logger;
        _telemetry = telemetry;
    }

    /// <summary>Adds the exchange retry to a pipeline.</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">Retry settings; <see cref="RetryOptions.MaxRetries"/> must be at least 1.</param>
    /// <param name="timeProvider">The time source of the waits and of the total budget.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null. Access is serialized.</param>
    /// <param name="totalTimeout">Time budget of a call from its first attempt; no retry is made whose wait would end after it.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder<ExchangeResponse> AddTo(
        ResiliencePipelineBuilder<ExchangeResponse> builder, RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxRetries, 1, nameof(options));
        return builder.AddStrategy(
            context => new ExchangeRetryStrategy(options, timeProvider, random, totalTimeout, logger, context.Telemetry),
            new StrategyOptions());
    }

    /// <inheritdoc />
    protected override ValueTask<Outcome<ExchangeResponse>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ExchangeResponse>>> callback, ResilienceContext context, TState state)
    {
        var first = Attempt(callback, context, state);
        if (!first.IsCompletedSuccessfully)
        {
            return RetryAsync(first, callback, context, state);
        }

        var outcome = first.Result;
        return IsFinal(outcome) ? new(outcome) : RetryAsync(new(outcome), callback, context, state);
    }

    private static ValueTask<Outcome<ExchangeResponse>> Attempt<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<ExchangeResponse>>> callback, ResilienceContext context, TState state)
    {
        try
        {
            return callback(context, state);
        }
#pragma warning disable CA1031 // An attempt's failure is its outcome, which the retry decides on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return new(Outcome.FromException<ExchangeResponse>(ex));
        }
    }

    /// <summary>An answer not worth another attempt (a success or a refusal), decided without any lookup.</summary>
    private static bool IsFinal(Outcome<ExchangeResponse> outcome) =>
        outcome.Exception is null && !ExchangeFailures.IsRetryable(outcome.Result!);

    private async ValueTask<Outcome<ExchangeResponse>> RetryAsync<TState>(
        ValueTask<Outcome<ExchangeResponse>> pending, Func<ResilienceContext, TState, ValueTask<Outcome<ExchangeResponse>>> callback, ResilienceContext context, TState state)
    {
        Outcome<ExchangeResponse> outcome;
        try
        {
            outcome = await pending.ConfigureAwait(context.ContinueOnCapturedContext);
        }
#pragma warning disable CA1031 // As above: the outcome carries the failure.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = Outcome.FromException<ExchangeResponse>(ex);
        }

        for (var attempt = 0; ; attempt++)
        {
            if (attempt >= _options.MaxRetries || context.CallToken().IsCancellationRequested || !ShouldRetry(outcome, context, attempt, out var delay))
            {
                return outcome;
            }

            OnRetry(outcome, context, attempt, delay);
            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, _timeProvider, context.CallToken()).ConfigureAwait(context.ContinueOnCapturedContext);
                }
                catch (OperationCanceledException ex)
                {
                    return Outcome.FromException<ExchangeResponse>(ex);
                }
            }

            try
            {
                outcome = await Attempt(callback, context, state).ConfigureAwait(context.ContinueOnCapturedContext);
            }
#pragma warning disable CA1031 // As above.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                outcome = Outcome.FromException<ExchangeResponse>(ex);
            }
        }
    }

    /// <summary>Whether to retry after attempt number <paramref name="attempt"/> (0 = the first), and after what wait.</summary>
    private bool ShouldRetry(Outcome<ExchangeResponse> outcome, ResilienceContext context, int attempt, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (IsFinal(outcome))
        {
            return false;
        }

        var request = context.GetRequest();
        if (!request.Endpoint.IsIdempotent || request.Endpoint.IsOrderPlacement)
        {
            return false;
        }

        if (outcome.Exception is { } exception)
        {
            if (!ExchangeFailures.IsRetryable(exception, context.CallToken()))
            {
                return false;
            }

            delay = NextBackoff(attempt + 1);
        }
        else
        {
            delay = outcome.Result!.GetRetryAfter(_timeProvider.GetUtcNow()) ?? NextBackoff(attempt + 1);
        }

        var started = request.PipelineStartedAt != 0 ? request.PipelineStartedAt : _timeProvider.GetTimestamp();
        return _timeProvider.GetElapsedTime(started) + delay <= _totalTimeout;
    }

    private void OnRetry(Outcome<ExchangeResponse> outcome, ResilienceContext context, int attempt, TimeSpan delay)
    {
        var request = context.GetRequest();
        string reason;
        if (outcome.Exception is { } exception)
        {
            reason = exception.GetType().Name;
            if (request.MayHaveBeenSent && exception is not ExchangeException { RequestNotSent: true })
            {
                request.EarlierAttemptOutcomeUnknown = true;
            }
        }
        else
        {
            var response = outcome.Result!;
            reason = "HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture);
            if (response.IsOutcomeUnknown)
            {
                // A 5xx leaves the execution status unknown: the exchange may have acted on this attempt.
                request.EarlierAttemptOutcomeUnknown = true;
            }
        }

        _logger.Retrying(request.CorrelationId, request.Endpoint.Name, attempt + 1, reason, delay);
        _telemetry.Report(RetryEvent, context, delay);
    }

    private TimeSpan NextBackoff(int retry)
    {
        if (_random is null)
        {
            return RetryBackoff.GetDelay(retry, _options, Random.Shared);
        }

        lock (_random)
        {
            return RetryBackoff.GetDelay(retry, _options, _random);
        }
    }

    /// <summary>The strategy's options for Polly's builder: its name only.</summary>
    private sealed class StrategyOptions : ResilienceStrategyOptions
    {
        public StrategyOptions() => Name = StrategyName;
    }
}

/// <summary>Adds <see cref="ExchangeRetryStrategy"/> to a pipeline.</summary>
internal static class ExchangeRetryBuilderExtensions
{
    /// <summary>Adds the exchange retry to a pipeline (see <see cref="ExchangeRetryStrategy.AddTo"/>).</summary>
    /// <param name="builder">The pipeline builder.</param>
    /// <param name="options">Retry settings; <see cref="RetryOptions.MaxRetries"/> must be at least 1.</param>
    /// <param name="timeProvider">The time source of the waits and of the total budget.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null.</param>
    /// <param name="totalTimeout">Time budget of a call from its first attempt.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The builder.</returns>
    public static ResiliencePipelineBuilder<ExchangeResponse> AddExchangeRetry(
        this ResiliencePipelineBuilder<ExchangeResponse> builder, RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger) =>
        ExchangeRetryStrategy.AddTo(builder, options, timeProvider, random, totalTimeout, logger);
}
