namespace Genesis.Exchange.Testing;

/// <summary>The kinds of limits the fake server enforces, as Binance names them in <c>rateLimits</c>.</summary>
public enum FakeRateLimitType
{
    /// <summary><c>REQUEST_WEIGHT</c>: the documented weight of each request, per client.</summary>
    RequestWeight,
    /// <summary><c>ORDERS</c>: order placements, per account.</summary>
    Orders,
    /// <summary><c>RAW_REQUESTS</c>: one per request, per client.</summary>
    RawRequests,
}

/// <summary>The unit of a rate-limit window, as Binance names it in <c>rateLimits</c>.</summary>
public enum FakeRateLimitInterval
{
    /// <summary><c>SECOND</c> (header suffix <c>S</c>).</summary>
    Second,
    /// <summary><c>MINUTE</c> (header suffix <c>M</c>).</summary>
    Minute,
    /// <summary><c>HOUR</c> (header suffix <c>H</c>).</summary>
    Hour,
    /// <summary><c>DAY</c> (header suffix <c>D</c>).</summary>
    Day,
}

/// <summary>
/// One limit counted in a fixed window aligned to the clock (a 1-minute window resets at :00), as Binance does.
/// </summary>
/// <param name="Type">What is counted.</param>
/// <param name="Interval">The window unit.</param>
/// <param name="IntervalNum">How many units the window spans (e.g. 10 for 10 seconds).</param>
/// <param name="Limit">The most that may be used in one window.</param>
public sealed record FakeRateLimit(FakeRateLimitType Type, FakeRateLimitInterval Interval, int IntervalNum, int Limit)
{
    /// <summary>The window length.</summary>
    public TimeSpan Window => Interval switch
    {
        FakeRateLimitInterval.Second => TimeSpan.FromSeconds(IntervalNum),
        FakeRateLimitInterval.Minute => TimeSpan.FromMinutes(IntervalNum),
        FakeRateLimitInterval.Hour => TimeSpan.FromHours(IntervalNum),
        _ => TimeSpan.FromDays(IntervalNum),
    };

    /// <summary>The header suffix, e.g. <c>1M</c> or <c>10S</c>.</summary>
    public string HeaderSuffix => IntervalNum.ToString(System.Globalization.CultureInfo.InvariantCulture) + Interval switch
    {
        FakeRateLimitInterval.Second => "S",
        FakeRateLimitInterval.Minute => "M",
        FakeRateLimitInterval.Hour => "H",
        _ => "D",
    };

    /// <summary>The wire name of <see cref="Type"/>, e.g. <c>REQUEST_WEIGHT</c>.</summary>
    public string TypeWireName => Type switch
    {
        FakeRateLimitType.RequestWeight => "REQUEST_WEIGHT",
        FakeRateLimitType.Orders => "ORDERS",
        _ => "RAW_REQUESTS",
    };

    /// <summary>The wire name of <see cref="Interval"/>, e.g. <c>MINUTE</c>.</summary>
    public string IntervalWireName => Interval switch
    {
        FakeRateLimitInterval.Second => "SECOND",
        FakeRateLimitInterval.Minute => "MINUTE",
        FakeRateLimitInterval.Hour => "HOUR",
        _ => "DAY",
    };

    /// <summary>Binance's documented defaults: 6000 weight per minute, 100 orders per 10 s, 200 000 orders per day, 61 000 raw requests per 5 min.</summary>
    public static IReadOnlyList<FakeRateLimit> BinanceDefaults { get; } =
    [
        new(FakeRateLimitType.RequestWeight, FakeRateLimitInterval.Minute, 1, 6000),
        new(FakeRateLimitType.Orders, FakeRateLimitInterval.Second, 10, 100),
        new(FakeRateLimitType.Orders, FakeRateLimitInterval.Day, 1, 200_000),
        new(FakeRateLimitType.RawRequests, FakeRateLimitInterval.Minute, 5, 61_000),
    ];

    /// <summary>The same limit as the library's model (what the in-memory Binance's limiter takes).</summary>
    internal Genesis.Exchange.Models.RateLimit ToRateLimit() => new(
        Type switch
        {
            FakeRateLimitType.RequestWeight => Genesis.Exchange.Models.RateLimitType.RequestWeight,
            FakeRateLimitType.Orders => Genesis.Exchange.Models.RateLimitType.Orders,
            _ => Genesis.Exchange.Models.RateLimitType.RawRequests,
        },
        Interval switch
        {
            FakeRateLimitInterval.Second => Genesis.Exchange.Models.RateLimitInterval.Second,
            FakeRateLimitInterval.Minute => Genesis.Exchange.Models.RateLimitInterval.Minute,
            FakeRateLimitInterval.Hour => Genesis.Exchange.Models.RateLimitInterval.Hour,
            _ => Genesis.Exchange.Models.RateLimitInterval.Day,
        },
        IntervalNum,
        Limit);
}
