// The two decorators the Polly pipeline replaced (issue 12), verbatim from commit 1bbaa9e except for their names and their
// logging calls: kept here only as the in-run baseline of PipelineBenchmarks ("costs no more than today's decorators"),
// so the comparison does not depend on two runs on a noisy machine.
#pragma warning disable CA1031, CA1822, IDE0052, S1144
using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Genesis.Exchange.Resilience;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Benchmarks.Legacy;

/// <summary>The retry decorator of commit 1bbaa9e.</summary>
internal sealed class LegacyRetryTransport : IExchangeTransport
{
    private readonly IExchangeTransport _inner;
    private readonly RetryOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Random? _random;
    private readonly TimeSpan _totalTimeout;
    private readonly ILogger _logger;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends.</param>
    /// <param name="options">Retry settings.</param>
    /// <param name="timeProvider">The time source for backoff waits.</param>
    /// <param name="random">The jitter source; <see cref="Random.Shared"/> when null. Access is serialized.</param>
    /// <param name="totalTimeout">Time budget of a call from its first attempt; no retry is made whose wait would end after it.</param>
    /// <param name="logger">The logger.</param>
    public LegacyRetryTransport(IExchangeTransport inner, RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxRetries, nameof(options));
        _inner = inner;
        _options = options;
        _timeProvider = timeProvider;
        _random = random;
        _totalTimeout = totalTimeout;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var retryable = request.Endpoint.IsIdempotent && !request.Endpoint.IsOrderPlacement;
        var started = _timeProvider.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            request.Attempt = attempt;
            var canRetry = retryable && attempt <= _options.MaxRetries;
            TimeSpan delay;
            string reason;
            try
            {
                var response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (!canRetry || !IsRetryable(response))
                {
                    return response;
                }

                delay = response.GetRetryAfter(_timeProvider.GetUtcNow()) ?? NextBackoff(attempt);
                if (!FitsInTotal(started, delay))
                {
                    return response;
                }

                reason = "HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture);
                if (response.StatusCode >= 500)
                {
                    // A 5xx leaves the execution status unknown: the exchange may have acted on this attempt.
                    request.EarlierAttemptOutcomeUnknown = true;
                }
            }
            catch (Exception ex) when (canRetry && IsRetryable(ex, cancellationToken) && FitsInTotal(started, delay = NextBackoff(attempt)))
            {
                reason = ex.GetType().Name;
                if (request.MayHaveBeenSent && ex is not ExchangeException { RequestNotSent: true })
                {
                    request.EarlierAttemptOutcomeUnknown = true;
                }
            }

            _ = reason; // the library's logging source generator is internal to it; nothing is logged at the benchmark's level anyway
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Whether a response is worth retrying (5xx or 429).</summary>
    /// <param name="response">The response.</param>
    /// <returns>True for 5xx and 429.</returns>
    internal static bool IsRetryable(ExchangeResponse response) => response.StatusCode is >= 500 or 429;

    /// <summary>Whether an exception is worth retrying: transient failures, but never an open circuit or an IP ban.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation the caller asked for is never retried.</param>
    /// <returns>True when a retry may succeed.</returns>
    internal static bool IsRetryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CircuitOpenException or IpBannedException => false,
        ExchangeUnavailableException => true,
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    private bool FitsInTotal(long started, TimeSpan delay) => _timeProvider.GetElapsedTime(started) + delay <= _totalTimeout;

    private TimeSpan NextBackoff(int attempt)
    {
        if (_random is null)
        {
            return RetryBackoff.GetDelay(attempt, _options, Random.Shared);
        }

        lock (_random)
        {
            return RetryBackoff.GetDelay(attempt, _options, _random);
        }
    }
}

/// <summary>The circuit breaker decorator of commit 1bbaa9e.</summary>
internal sealed class LegacyCircuitBreakerTransport : IExchangeTransport
{
    private readonly IExchangeTransport _inner;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger _logger;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends.</param>
    /// <param name="breaker">The breaker state (shared with its monitor).</param>
    /// <param name="logger">The logger.</param>
    public LegacyCircuitBreakerTransport(IExchangeTransport inner, CircuitBreaker breaker, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(breaker);
        ArgumentNullException.ThrowIfNull(logger);
        _inner = inner;
        _breaker = breaker;
        _logger = logger;
    }

    /// <inheritdoc />
    public async ValueTask<ExchangeResponse> SendAsync(ExchangeRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool isTrial;
        try
        {
            isTrial = _breaker.Enter(request.CorrelationId);
        }
        catch (CircuitOpenException)
        {
            throw;
        }

        var recorded = false;
        try
        {
            var response = await _inner.SendAsync(request, cancellationToken).ConfigureAwait(false);
            recorded = true;
            if (IsTransientFailure(response))
            {
                _breaker.OnFailure(isTrial);
            }
            else
            {
                _breaker.OnSuccess(isTrial);
            }

            return response;
        }
        catch (Exception ex) when (!recorded && IsTransientFailure(ex, cancellationToken))
        {
            recorded = true;
            _breaker.OnFailure(isTrial);
            throw;
        }
        finally
        {
            if (!recorded)
            {
                _breaker.OnAbandoned(isTrial);
            }
        }
    }

    /// <summary>Whether a response is a transient failure of the exchange (5xx: the outcome is unknown).</summary>
    /// <param name="response">The response.</param>
    /// <returns>True for 5xx.</returns>
    internal static bool IsTransientFailure(ExchangeResponse response) => response.StatusCode >= 500;

    /// <summary>
    /// Whether an exception is a transient failure: exchange unavailable, timeout or connection error. A failure before
    /// anything was sent (<see cref="ExchangeException.RequestNotSent"/>) counts only when its cause is such a failure.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The caller's token: a cancellation the caller asked for is not a failure.</param>
    /// <returns>True when the exception counts against the exchange.</returns>
    internal static bool IsTransientFailure(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CircuitOpenException => false,

        // Refused before sending (a rate limit wait that ran out, a ban): says nothing about the exchange, unless its
        // cause does (a time sync whose /api/v3/time call failed).
        ExchangeException { RequestNotSent: true } notSent => notSent.InnerException is ExchangeException cause && IsTransientFailure(cause, cancellationToken),
        ExchangeUnavailableException => true,
        HttpRequestException => true,
        TimeoutException => true,
        IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
