namespace Genesis.Exchange.Binance.Protocol;

/// <summary>The Binance limits a request counts against (<c>rest-api.md</c>, "LIMITS").</summary>
[Flags]
internal enum RateLimitKinds
{
    /// <summary>Counts against nothing (not used by any REST endpoint; every request costs weight).</summary>
    None = 0,

    /// <summary>REQUEST_WEIGHT, per IP: the endpoint's weight.</summary>
    RequestWeight = 1,

    /// <summary>RAW_REQUESTS, per IP: one per request.</summary>
    RawRequests = 2,

    /// <summary>ORDERS, per account (10 s and day windows): one per order placed.</summary>
    Orders = 4,

    /// <summary>What every REST request counts against: its weight and one raw request.</summary>
    Request = RequestWeight | RawRequests,
}
