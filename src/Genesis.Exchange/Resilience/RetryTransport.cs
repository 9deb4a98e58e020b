using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Retries transient failures of idempotent requests with exponential backoff and jitter: 5xx responses, 429
/// (after its Retry-After), exchange unavailable and timeouts. Order placement is never retried (its outcome is
/// reconciled by client order id elsewhere); an open circuit and an IP ban are never retried. A server Retry-After
/// wins over the backoff. A retry whose wait would end after the call's total time budget
/// (<see cref="TimeoutOptions.Total"/>) is not made: the last response or exception is returned.
/// </summary>
internal sealed class RetryTransport : IExchangeTransport
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
    public RetryTransport(IExchangeTransport inner, RetryOptions options, TimeProvider timeProvider, Random? random, TimeSpan totalTimeout, ILogger<RetryTransport> logger)
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

            _logger.Retrying(request.CorrelationId, request.Endpoint.Name, attempt, reason, delay);
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
