namespace Genesis.Exchange.Abstractions;

/// <summary>
/// What a response means, decided once when the response is created (<see cref="ExchangeResponse.Kind"/>) and read by
/// every layer above it (retry, circuit breaker, time sync, rate limiting, the typed client) instead of re-reading
/// the body.
/// </summary>
public enum ExchangeResponseKind
{
    /// <summary>A 2xx answer with a JSON body.</summary>
    Success = 0,

    /// <summary>The exchange refused the request with a Binance error code (<see cref="ExchangeResponse.ErrorCode"/>), or with HTTP 401/403.</summary>
    ExchangeError,

    /// <summary>An HTTP 5xx: the exchange failed. The request's outcome is unknown (it may have executed); worth a retry when idempotent.</summary>
    Transient,

    /// <summary>HTTP 429: a rate limit was broken; wait for Retry-After.</summary>
    RateLimited,

    /// <summary>HTTP 418: the IP is banned until Retry-After.</summary>
    Banned,

    /// <summary>Binance code -1021: the timestamp was outside recvWindow (decided before the matching engine).</summary>
    Timestamp,

    /// <summary>A body that is neither the expected JSON nor a Binance error object (an HTML page, an empty body…).</summary>
    Malformed,

    /// <summary>
    /// Not a 5xx, yet the exchange may have executed the request: HTTP 408, a status that is neither 2xx nor 4xx, or
    /// the codes that say so (-1000, -1001, -1006, -1007).
    /// </summary>
    OutcomeUnknown,
}
