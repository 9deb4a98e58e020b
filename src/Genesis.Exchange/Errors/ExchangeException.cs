using Genesis.Exchange.Models;

namespace Genesis.Exchange.Errors;

/// <summary>
/// The root of every error this library raises. Catch a subclass to act by intent; every instance carries
/// the Binance error code, the HTTP status and the correlation id when they are known. Messages never contain secrets.
/// </summary>
public class ExchangeException : Exception
{
    private bool _requestNotSent;

    /// <summary>Creates an exception.</summary>
    public ExchangeException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ExchangeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ExchangeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with the exchange's details.</summary>
    /// <param name="message">The message.</param>
    /// <param name="binanceCode">Binance error code, if any.</param>
    /// <param name="httpStatus">HTTP status, if any.</param>
    /// <param name="correlationId">Correlation id of the request, if any.</param>
    /// <param name="innerException">The cause.</param>
    public ExchangeException(string message, int? binanceCode, int? httpStatus = null, string? correlationId = null, Exception? innerException = null)
        : base(message, innerException)
    {
        BinanceCode = binanceCode;
        HttpStatus = httpStatus;
        CorrelationId = correlationId;
    }

    /// <summary>The Binance error code (negative), when the exchange sent one.</summary>
    public int? BinanceCode { get; init; }

    /// <summary>The HTTP status code, when the error came over HTTP.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The correlation id of the request that failed.</summary>
    public string? CorrelationId { get; set; }

    /// <summary>The first characters (at most 512) of the response body, when a response was received; never holds secrets.</summary>
    public string? ResponseBodyExcerpt { get; set; }

    /// <summary>
    /// True when the library knows the request never left the process (open circuit, IP ban, failed time sync,
    /// a connection that could not be opened, a timeout that expired while the request waited to be sent):
    /// an order that fails this way was certainly not placed.
    /// </summary>
    public bool RequestNotSent
    {
        get => _requestNotSent;
        init => _requestNotSent = value;
    }

    /// <summary>Records that the request certainly never left the process (the layer that threw did not know it).</summary>
    internal void MarkRequestNotSent() => _requestNotSent = true;

    /// <summary>Whether retrying the same idempotent request later may succeed.</summary>
    public virtual bool IsTransient => false;
}

/// <summary>The API key or signature was refused (-1002, -1022, -2014, -2015, HTTP 401/403 for keys).</summary>
public sealed class AuthenticationException(string message, int? binanceCode = null, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId);

/// <summary>The request's timestamp was outside recvWindow (-1021). The clock is resynchronized automatically.</summary>
public sealed class TimestampException(string message, int? binanceCode = -1021, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId);

/// <summary>A rate limit was broken (HTTP 429, -1003, -1015) or would be; wait <see cref="RetryAfter"/>.</summary>
public class RateLimitExceededException(string message, TimeSpan? retryAfter = null, int? binanceCode = null, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId)
{
    /// <summary>How long the exchange asked to wait, if it said.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The IP is banned (HTTP 418) until <see cref="BannedUntil"/>; requests fail fast until then.</summary>
public sealed class IpBannedException(string message, DateTimeOffset bannedUntil, TimeSpan? retryAfter = null, int? binanceCode = null, int? httpStatus = 418, string? correlationId = null)
    : RateLimitExceededException(message, retryAfter, binanceCode, httpStatus, correlationId)
{
    /// <summary>When the ban ends.</summary>
    public DateTimeOffset BannedUntil { get; } = bannedUntil;

    /// <inheritdoc />
    public override bool IsTransient => false;
}

/// <summary>The request was malformed or broke a rule (11xx codes, filter failures, bad parameters).</summary>
public class ExchangeValidationException(string message, int? binanceCode = null, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId);

/// <summary>An order broke a symbol filter; <see cref="FilterType"/> and <see cref="Bound"/> say which and where.</summary>
public sealed class FilterViolationException(string filterType, decimal? bound, string message, int? binanceCode = -1013, int? httpStatus = null, string? correlationId = null)
    : ExchangeValidationException(message, binanceCode, httpStatus, correlationId)
{
    /// <summary>The filter, e.g. LOT_SIZE.</summary>
    public string FilterType { get; } = filterType;

    /// <summary>The bound that was crossed (min, max, step or tick), when known locally.</summary>
    public decimal? Bound { get; } = bound;
}

/// <summary>The symbol does not accept new orders (status other than TRADING, e.g. BREAK, HALT, CANCEL_ONLY).</summary>
public sealed class SymbolNotTradingException(string symbol, SymbolStatus status, string rawStatus)
    : ExchangeValidationException($"Symbol {symbol} is not trading (status {rawStatus}); no order was sent.", -1013)
{
    /// <summary>The symbol.</summary>
    public string Symbol { get; } = symbol;

    /// <summary>The status.</summary>
    public SymbolStatus Status { get; } = status;

    /// <summary>The status as the exchange wrote it.</summary>
    public string RawStatus { get; } = rawStatus;
}

/// <summary>The account lacks the balance for the action.</summary>
public sealed class InsufficientBalanceException(string message, int? binanceCode = -2010, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId);

/// <summary>The matching engine rejected the order or the cancel (-2010, -2011, -2038 and their messages).</summary>
public class OrderRejectedException(string message, int? binanceCode = -2010, int? httpStatus = null, string? correlationId = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId);

/// <summary>The order does not exist (-2013, "Unknown order sent.").</summary>
public sealed class OrderNotFoundException(string message, int? binanceCode = -2013, int? httpStatus = null, string? correlationId = null)
    : OrderRejectedException(message, binanceCode, httpStatus, correlationId);

/// <summary>
/// The order may or may not have executed (5xx, timeout, broken connection, -1006, -1007, a 2xx body that does not
/// parse, the caller cancelling after it was sent) and reconciliation could not tell. Do not place it again blindly:
/// query by <see cref="ClientOrderId"/>. <see cref="ExchangeException.BinanceCode"/> and <see cref="ExchangeException.HttpStatus"/>
/// are those of the placement's answer when there was one; the message lists what each reconcile query got, and
/// <see cref="Exception.InnerException"/> is the last failure.
/// </summary>
public sealed class UnknownOrderStatusException(string message, string clientOrderId, string symbol, int? binanceCode = null, int? httpStatus = null, string? correlationId = null, Exception? innerException = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId, innerException)
{
    /// <summary>The client order id to query.</summary>
    public string ClientOrderId { get; } = clientOrderId;

    /// <summary>The symbol.</summary>
    public string Symbol { get; } = symbol;
}

/// <summary>The exchange is unavailable, busy or in maintenance (5xx, -1001, -1008, -1016, connection failures).</summary>
public class ExchangeUnavailableException(string message, int? binanceCode = null, int? httpStatus = null, string? correlationId = null, Exception? innerException = null)
    : ExchangeException(message, binanceCode, httpStatus, correlationId, innerException)
{
    /// <inheritdoc />
    public override bool IsTransient => true;
}

/// <summary>The request timed out (connect 5 s, read 10 s, total 30 s by default) or the exchange reported -1007.</summary>
public sealed class ExchangeTimeoutException(string message, int? binanceCode = null, int? httpStatus = null, string? correlationId = null, Exception? innerException = null)
    : ExchangeUnavailableException(message, binanceCode, httpStatus, correlationId, innerException);

/// <summary>The circuit breaker is open: the exchange failed repeatedly and calls fail fast until <see cref="RetryAfter"/> passes.</summary>
public sealed class CircuitOpenException : ExchangeUnavailableException
{
    /// <summary>Creates the exception; an open circuit fails the call before anything is sent.</summary>
    /// <param name="message">The message.</param>
    /// <param name="retryAfter">How long until the breaker half-opens.</param>
    /// <param name="innerException">The last failure, if any.</param>
    public CircuitOpenException(string message, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException: innerException)
    {
        RetryAfter = retryAfter;
        RequestNotSent = true;
    }

    /// <summary>How long until the breaker half-opens, when known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <inheritdoc />
    public override bool IsTransient => false;
}

/// <summary>
/// The response could not be trusted: HTML instead of JSON, truncated or malformed JSON, an oversized body,
/// a NaN or negative price. Holds the HTTP status and a trimmed body.
/// </summary>
public sealed class MalformedResponseException(string message, int? httpStatus = null, string? bodyExcerpt = null, string? correlationId = null, Exception? innerException = null)
    : ExchangeException(message, null, httpStatus, correlationId, innerException)
{
    /// <summary>The first characters of the body (at most 512), for diagnosis.</summary>
    public string? BodyExcerpt { get; } = bodyExcerpt;
}
