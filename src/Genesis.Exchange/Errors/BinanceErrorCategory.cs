namespace Genesis.Exchange.Errors;

/// <summary>What a Binance error code means to a caller.</summary>
public enum BinanceErrorCategory
{
    /// <summary>A code this version does not know.</summary>
    Unknown = 0,
    /// <summary>Key, signature or session problems.</summary>
    Authentication,
    /// <summary>Timestamp outside recvWindow (-1021).</summary>
    Timestamp,
    /// <summary>Rate limit broken.</summary>
    RateLimit,
    /// <summary>The request is malformed or breaks a rule.</summary>
    Validation,
    /// <summary>Not enough balance.</summary>
    InsufficientBalance,
    /// <summary>The matching engine rejected the order or cancel.</summary>
    OrderRejected,
    /// <summary>The order does not exist.</summary>
    OrderNotFound,
    /// <summary>The outcome is unknown: the request may have executed (-1006, -1007).</summary>
    UnknownExecutionStatus,
    /// <summary>The exchange is unavailable, busy or shutting down.</summary>
    ExchangeUnavailable,
}
