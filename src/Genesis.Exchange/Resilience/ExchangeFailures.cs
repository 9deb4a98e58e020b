using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Errors;

namespace Genesis.Exchange.Resilience;

/// <summary>
/// What the resilience strategies make of an outcome. A response carries its classification
/// (<see cref="ExchangeResponse.Kind"/>, computed once where it was created); an exception is classified by its type,
/// which the layer that threw it chose for what it knew. No strategy reads a body or keeps its own list of types.
/// </summary>
internal static class ExchangeFailures
{
    /// <summary>Whether a response is worth another attempt of an idempotent request: a 5xx or a 429 (after its Retry-After).</summary>
    /// <param name="response">The response.</param>
    /// <returns>True for <see cref="ExchangeResponseKind.Transient"/> and <see cref="ExchangeResponseKind.RateLimited"/>.</returns>
    public static bool IsRetryable(ExchangeResponse response) =>
        response.Kind is ExchangeResponseKind.Transient or ExchangeResponseKind.RateLimited;

    /// <summary>Whether an exception is worth another attempt: transient failures, but never an open circuit or an IP ban.</summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The token of the call: a cancellation asked for above this layer is never retried.</param>
    /// <returns>True when a retry may succeed.</returns>
    public static bool IsRetryable(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CircuitOpenException or IpBannedException => false,
        ExchangeUnavailableException => true,
        HttpRequestException or TimeoutException or IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Whether a response is a failure of the exchange that the circuit breaker counts (5xx: the outcome is unknown).</summary>
    /// <param name="response">The response.</param>
    /// <returns>True for <see cref="ExchangeResponseKind.Transient"/>; 4xx answers (validation, 429, 418) are not: the exchange answered.</returns>
    public static bool CountsAgainstExchange(ExchangeResponse response) => response.Kind == ExchangeResponseKind.Transient;

    /// <summary>
    /// Whether an exception counts against the exchange: exchange unavailable, timeout or connection error. A failure
    /// before anything was sent (<see cref="ExchangeException.RequestNotSent"/>) counts only when its cause is such a failure.
    /// </summary>
    /// <param name="exception">The exception.</param>
    /// <param name="cancellationToken">The token of the call: a cancellation asked for above this layer is not a failure.</param>
    /// <returns>True when the exception counts against the exchange.</returns>
    public static bool CountsAgainstExchange(Exception exception, CancellationToken cancellationToken) => exception switch
    {
        CircuitOpenException => false,

        // Refused before sending (a rate limit wait that ran out, a ban): says nothing about the exchange, unless its
        // cause does (a time sync whose /api/v3/time call failed).
        ExchangeException { RequestNotSent: true } notSent => notSent.InnerException is ExchangeException cause && CountsAgainstExchange(cause, cancellationToken),
        ExchangeUnavailableException => true,
        HttpRequestException => true,
        TimeoutException => true,
        IOException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
