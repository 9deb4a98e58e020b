using System.Globalization;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>What <see cref="ExchangeLimiter.Admit"/> decided.</summary>
internal enum AdmissionVerdict
{
    /// <summary>Within every limit: serve the request.</summary>
    Allowed,

    /// <summary>A REQUEST_WEIGHT or RAW_REQUESTS limit is used up, or the IP is in its back-off after one: 429 with -1003.</summary>
    WeightExceeded,

    /// <summary>An ORDERS limit is used up: 429 with -1015.</summary>
    OrdersExceeded,

    /// <summary>The IP kept sending through 429s and is banned: 418 with -1003.</summary>
    Banned,
}

/// <summary>A decision of <see cref="ExchangeLimiter.Admit"/>.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="RetryAfter">How long until the request could pass.</param>
/// <param name="Limit">The limit that refused it, if any.</param>
/// <param name="BannedUntil">When a ban ends.</param>
internal readonly record struct Admission(AdmissionVerdict Verdict, TimeSpan RetryAfter, RateLimit? Limit, DateTimeOffset BannedUntil);

/// <summary>
/// The in-memory Binance's rate limits, the one implementation behind both the mock transport and the fake server's
/// HTTP edge: fixed windows aligned to the clock as Binance's are, REQUEST_WEIGHT counted by each request's weight,
/// RAW_REQUESTS by one, ORDERS by accepted placements; past a limit 429 (-1003, or -1015 for orders) with Retry-After
/// and a back-off until the window ends; requests sent through the back-off count towards a ban (418, -1003). The
/// <c>X-MBX-USED-WEIGHT-*</c> and <c>X-MBX-ORDER-COUNT-*</c> headers, the error bodies and exchange info's
/// <c>rateLimits</c> all come from here. Thread-safe.
/// </summary>
internal sealed class ExchangeLimiter
{
    /// <summary>Binance Spot's published limits.</summary>
    public static readonly IReadOnlyList<RateLimit> BinanceDefaults =
    [
        new(RateLimitType.RequestWeight, RateLimitInterval.Minute, 1, 6000),
        new(RateLimitType.Orders, RateLimitInterval.Second, 10, 100),
        new(RateLimitType.Orders, RateLimitInterval.Day, 1, 200_000),
        new(RateLimitType.RawRequests, RateLimitInterval.Minute, 5, 61_000),
    ];

    private readonly Lock _gate = new();
    private readonly RateLimit[] _limits;
    private readonly long[] _windowIndex;
    private readonly int[] _used;
    private readonly TimeSpan _banDuration;
    private readonly int _violationsBeforeBan;
    private readonly int _weightIndex;
    private DateTimeOffset _backoffUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _bannedUntil = DateTimeOffset.MinValue;
    private int _violations;

    /// <summary>Creates the limiter.</summary>
    /// <param name="limits">The limits (exchange info declares them).</param>
    /// <param name="banDuration">How long a ban lasts.</param>
    /// <param name="violationsBeforeBan">How many requests sent during a back-off are tolerated before the ban.</param>
    public ExchangeLimiter(IReadOnlyList<RateLimit> limits, TimeSpan banDuration, int violationsBeforeBan)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = [.. limits];
        _windowIndex = new long[_limits.Length];
        _used = new int[_limits.Length];
        _banDuration = banDuration;
        _violationsBeforeBan = violationsBeforeBan;
        _weightIndex = Array.FindIndex(_limits, l => l.Type == RateLimitType.RequestWeight);
    }

    /// <summary>The limits, as exchange info declares them.</summary>
    public IReadOnlyList<RateLimit> Limits => _limits;

    /// <summary>Called with the REQUEST_WEIGHT used after each admitted request (for peak statistics).</summary>
    public Action<int>? WeightObserved { get; init; }

    /// <summary>
    /// Admits a request or says why not; an admitted request is charged its weight and one raw request, and a placement
    /// one order on every ORDERS limit (reserved here, under the same lock as the check, so concurrent placements never
    /// pass a limit together; <see cref="RefundOrder"/> gives it back when the exchange rejects the order).
    /// </summary>
    /// <param name="weight">The request's weight.</param>
    /// <param name="orders">How many orders it places (0 for anything else; 2 or 3 for an order list).</param>
    /// <param name="now">The time.</param>
    /// <returns>The decision.</returns>
    public Admission Admit(int weight, int orders, DateTimeOffset now)
    {
        int used;
        lock (_gate)
        {
            Roll(now);
            if (now < _bannedUntil)
            {
                return new Admission(AdmissionVerdict.Banned, _bannedUntil - now, null, _bannedUntil);
            }

            if (now < _backoffUntil)
            {
                _violations++;
                if (_violations > _violationsBeforeBan)
                {
                    _bannedUntil = now + _banDuration;
                    _backoffUntil = DateTimeOffset.MinValue;
                    _violations = 0;
                    return new Admission(AdmissionVerdict.Banned, _banDuration, null, _bannedUntil);
                }

                return new Admission(AdmissionVerdict.WeightExceeded, _backoffUntil - now, _weightIndex >= 0 ? _limits[_weightIndex] : null, default);
            }

            for (var i = 0; i < _limits.Length; i++)
            {
                var limit = _limits[i];
                var cost = limit.Type == RateLimitType.Orders ? orders : Cost(limit, weight);
                if (cost > 0 && _used[i] + cost > limit.Limit)
                {
                    var retry = WindowEnd(i) - now;
                    if (limit.Type == RateLimitType.Orders)
                    {
                        return new Admission(AdmissionVerdict.OrdersExceeded, retry, limit, default);
                    }

                    _backoffUntil = WindowEnd(i);
                    _violations = 0;
                    return new Admission(AdmissionVerdict.WeightExceeded, retry, limit, default);
                }
            }

            for (var i = 0; i < _limits.Length; i++)
            {
                _used[i] += _limits[i].Type == RateLimitType.Orders ? orders : Cost(_limits[i], weight);
            }

            used = _weightIndex >= 0 ? _used[_weightIndex] : 0;
        }

        WeightObserved?.Invoke(used);
        return new Admission(AdmissionVerdict.Allowed, TimeSpan.Zero, null, default);
    }

    /// <summary>Gives back the order an admitted placement reserved, when the exchange rejected it (Binance counts the orders it accepted).</summary>
    /// <param name="orders">How many orders the placement reserved.</param>
    /// <param name="now">The time.</param>
    public void RefundOrder(int orders, DateTimeOffset now)
    {
        lock (_gate)
        {
            Roll(now);
            for (var i = 0; i < _limits.Length; i++)
            {
                if (_limits[i].Type == RateLimitType.Orders)
                {
                    _used[i] = Math.Max(0, _used[i] - orders);
                }
            }
        }
    }

    /// <summary>The current count of every ORDERS limit (<c>GET /api/v3/rateLimit/order</c>).</summary>
    /// <param name="now">The time.</param>
    /// <returns>Each ORDERS limit with its count in the current window.</returns>
    public IReadOnlyList<(RateLimit Limit, int Count)> OrderCounts(DateTimeOffset now)
    {
        var counts = new List<(RateLimit, int)>();
        lock (_gate)
        {
            Roll(now);
            for (var i = 0; i < _limits.Length; i++)
            {
                if (_limits[i].Type == RateLimitType.Orders)
                {
                    counts.Add((_limits[i], _used[i]));
                }
            }
        }

        return counts;
    }

    /// <summary>The REQUEST_WEIGHT used in the current window of the first weight limit (0 when there is none).</summary>
    /// <param name="now">The time.</param>
    /// <returns>The used weight.</returns>
    public int UsedWeight(DateTimeOffset now)
    {
        lock (_gate)
        {
            Roll(now);
            return _weightIndex >= 0 ? _used[_weightIndex] : 0;
        }
    }

    /// <summary>The usage headers of a response: used weight always, order counts when asked.</summary>
    /// <param name="includeOrders">Whether to add <c>X-MBX-ORDER-COUNT-*</c> (order placements).</param>
    /// <param name="now">The time.</param>
    /// <returns>The headers.</returns>
    public List<KeyValuePair<string, string>> Headers(bool includeOrders, DateTimeOffset now)
    {
        var headers = new List<KeyValuePair<string, string>>(_limits.Length);
        lock (_gate)
        {
            Roll(now);
            for (var i = 0; i < _limits.Length; i++)
            {
                var limit = _limits[i];
                var value = _used[i].ToString(CultureInfo.InvariantCulture);
                if (limit.Type == RateLimitType.RequestWeight)
                {
                    headers.Add(new("X-MBX-USED-WEIGHT-" + limit.HeaderSuffix, value));
                }
                else if (limit.Type == RateLimitType.Orders && includeOrders)
                {
                    headers.Add(new("X-MBX-ORDER-COUNT-" + limit.HeaderSuffix, value));
                }
            }
        }

        return headers;
    }

    /// <summary>Binance's answer to a refused request: status, Retry-After seconds, and the error body.</summary>
    /// <param name="admission">The refusal.</param>
    /// <returns>The answer.</returns>
    public static (int Status, long RetryAfterSeconds, byte[] Body) Rejection(Admission admission)
    {
        var seconds = Math.Max(1, (long)Math.Ceiling(admission.RetryAfter.TotalSeconds));
        return admission.Verdict switch
        {
            AdmissionVerdict.Banned => (418, seconds, MockRestApi.Error(-1003,
                "Way too much request weight used; IP banned until " + admission.BannedUntil.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + ". Please use WebSocket Streams for live updates to avoid bans.")),
            AdmissionVerdict.OrdersExceeded => (429, seconds, MockRestApi.Error(-1015,
                $"Too many new orders; current limit is {admission.Limit!.Limit} orders per {Describe(admission.Limit)}.")),
            _ => (429, seconds, MockRestApi.Error(-1003, admission.Limit is null
                ? "Too much request weight used. Please use WebSocket Streams for live updates to avoid polling the API."
                : $"Too much request weight used; current limit is {admission.Limit.Limit} request weight per {Describe(admission.Limit)}. Please use WebSocket Streams for live updates to avoid polling the API.")),
        };
    }

    /// <summary>The wire name of a limit's type (<c>REQUEST_WEIGHT</c>, <c>ORDERS</c>, <c>RAW_REQUESTS</c>).</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>The name.</returns>
    public static string TypeWireName(RateLimit limit) => limit.Type switch
    {
        RateLimitType.RequestWeight => "REQUEST_WEIGHT",
        RateLimitType.Orders => "ORDERS",
        _ => "RAW_REQUESTS",
    };

    /// <summary>The wire name of a limit's interval (<c>SECOND</c>, <c>MINUTE</c>, <c>HOUR</c>, <c>DAY</c>).</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>The name.</returns>
    public static string IntervalWireName(RateLimit limit) => limit.Interval switch
    {
        RateLimitInterval.Second => "SECOND",
        RateLimitInterval.Minute => "MINUTE",
        RateLimitInterval.Hour => "HOUR",
        _ => "DAY",
    };

    private static string Describe(RateLimit limit) => limit.IntervalNum.ToString(CultureInfo.InvariantCulture) + " " + IntervalWireName(limit);

    private static int Cost(RateLimit limit, int weight) => limit.Type switch
    {
        RateLimitType.RequestWeight => weight,
        RateLimitType.RawRequests => 1,
        _ => 0,
    };

    private DateTimeOffset WindowEnd(int i)
    {
        var ms = (long)_limits[i].Window.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds((_windowIndex[i] + 1) * ms);
    }

    private void Roll(DateTimeOffset now)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        for (var i = 0; i < _limits.Length; i++)
        {
            var index = nowMs / (long)_limits[i].Window.TotalMilliseconds;

            // Times are read before the lock; one that arrives late from the previous window must not reset the count.
            if (index > _windowIndex[i])
            {
                _windowIndex[i] = index;
                _used[i] = 0;
            }
        }
    }
}
