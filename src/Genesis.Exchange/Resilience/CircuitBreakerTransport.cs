using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// Fails fast with <see cref="CircuitOpenException"/> while the <see cref="CircuitBreaker"/> is open. Transient
/// failures are 5xx responses and network failures or timeouts; 4xx answers (validation, 429, 418) are not: the
/// exchange answered, and rate limits are the limiter's job.
/// </summary>
internal sealed class CircuitBreakerTransport : IExchangeTransport
{
    private readonly IExchangeTransport _inner;
    private readonly CircuitBreaker _breaker;
    private readonly ILogger _logger;

    /// <summary>Creates the decorator.</summary>
    /// <param name="inner">The transport that sends.</param>
    /// <param name="breaker">The breaker state (shared with its monitor).</param>
    /// <param name="logger">The logger.</param>
    public CircuitBreakerTransport(IExchangeTransport inner, CircuitBreaker breaker, ILogger<CircuitBreakerTransport> logger)
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
            _logger.CircuitRejected(CircuitState.Open, request.CorrelationId, request.Endpoint.Name);
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
