using System.Globalization;

namespace Genesis.Exchange.Testing.Internal;

/// <summary>The outcome of <see cref="RateLimitTracker.Admit"/>.</summary>
internal enum AdmissionVerdict
{
    Allowed,
    WeightExceeded,
    OrdersExceeded,
    Banned,
}

/// <summary>A verdict with the Retry-After to send and the limit that was hit.</summary>
internal readonly record struct Admission(AdmissionVerdict Verdict, TimeSpan RetryAfter, FakeRateLimit? Limit, DateTimeOffset BannedUntil);

/// <summary>
/// Counts weight, raw requests and orders in fixed windows aligned to the clock, and applies Binance's
/// back-off rule: after a 429 the client must wait for the window end; a request before then is a violation
/// and leads to a ban (418). One tracker serves every client: on loopback they all share one IP.
/// </summary>
internal sealed class RateLimitTracker
{
    private readonly Lock _gate = new();
    private readonly FakeRateLimit[] _limits;
    private readonly long[] _windowIndex;
    private readonly int[] _used;
    private readonly TimeSpan _banDuration;
    private readonly int _violationsBeforeBan;
    private readonly FakeServerCounters _counters;
    private readonly int _peakLimitIndex;
    private DateTimeOffset _backoffUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _bannedUntil = DateTimeOffset.MinValue;
    private int _violations;

    public RateLimitTracker(IReadOnlyList<FakeRateLimit> limits, TimeSpan banDuration, int violationsBeforeBan, FakeServerCounters counters)
    {
        _limits = [.. limits];
        _windowIndex = new long[_limits.Length];
        _used = new int[_limits.Length];
        _banDuration = banDuration;
        _violationsBeforeBan = violationsBeforeBan;
        _counters = counters;
        _peakLimitIndex = Array.FindIndex(_limits, l => l.Type == FakeRateLimitType.RequestWeight);
    }

    /// <summary>Decides whether a request may proceed and, if so, counts it.</summary>
    /// <param name="weight">The request weight.</param>
    /// <param name="isOrder">Whether it counts in the ORDERS limits.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The verdict.</returns>
    public Admission Admit(int weight, bool isOrder, DateTimeOffset now)
    {
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

                return new Admission(AdmissionVerdict.WeightExceeded, _backoffUntil - now, FirstWeightLimit(), default);
            }

            for (var i = 0; i < _limits.Length; i++)
            {
                var limit = _limits[i];
                var cost = Cost(limit, weight, isOrder);
                if (cost > 0 && _used[i] + cost > limit.Limit)
                {
                    var retry = WindowEnd(i) - now;
                    if (limit.Type == FakeRateLimitType.Orders)
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
                _used[i] += Cost(_limits[i], weight, isOrder);
            }

            if (_peakLimitIndex >= 0)
            {
                _counters.ObserveWeight(_used[_peakLimitIndex]);
            }

            return new Admission(AdmissionVerdict.Allowed, TimeSpan.Zero, null, default);
        }
    }

    /// <summary>The <c>X-MBX-USED-WEIGHT-*</c> headers (and <c>X-MBX-ORDER-COUNT-*</c> when asked) as of now.</summary>
    /// <param name="includeOrders">Whether to add the order counts.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Header names and values.</returns>
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
                if (limit.Type == FakeRateLimitType.RequestWeight)
                {
                    headers.Add(new("X-MBX-USED-WEIGHT-" + limit.HeaderSuffix, value));
                }
                else if (limit.Type == FakeRateLimitType.Orders && includeOrders)
                {
                    headers.Add(new("X-MBX-ORDER-COUNT-" + limit.HeaderSuffix, value));
                }
            }
        }

        return headers;
    }

    private static int Cost(FakeRateLimit limit, int weight, bool isOrder) => limit.Type switch
    {
        FakeRateLimitType.RequestWeight => weight,
        FakeRateLimitType.RawRequests => 1,
        _ => isOrder ? 1 : 0,
    };

    private FakeRateLimit? FirstWeightLimit() => _peakLimitIndex >= 0 ? _limits[_peakLimitIndex] : null;

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
