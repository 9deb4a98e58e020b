namespace Genesis.Exchange.Mock;

/// <summary>
/// The account's ORDERS counters of the mock exchange: one per fixed window (10 s and one day, windows aligned to the
/// clock as Binance's are). The transport counts each accepted placement here and reports the result in
/// <c>X-MBX-ORDER-COUNT-10S/1D</c>; <c>GET /api/v3/rateLimit/order</c> reads the same counters; exchange info declares
/// the same limits. Thread-safe.
/// </summary>
internal sealed class MockOrderCounters
{
    /// <summary>The ORDERS limit per 10 seconds declared in exchange info.</summary>
    public const int TenSecondLimit = 100;

    /// <summary>The ORDERS limit per day declared in exchange info.</summary>
    public const int DayLimit = 200_000;

    private const long TenSecondsMs = 10_000;
    private const long DayMs = 86_400_000;

    private readonly Lock _gate = new();
    private long _window10s = -1;
    private int _count10s;
    private long _windowDay = -1;
    private int _countDay;

    /// <summary>Counts one accepted placement.</summary>
    /// <param name="nowMs">The time (Unix ms).</param>
    /// <returns>The counts of the current 10-second and day windows, this placement included.</returns>
    public (int TenSeconds, int Day) Count(long nowMs)
    {
        lock (_gate)
        {
            Roll(nowMs);
            return (++_count10s, ++_countDay);
        }
    }

    /// <summary>The counts of the windows <paramref name="nowMs"/> falls in (0 for a window with no placement yet).</summary>
    /// <param name="nowMs">The time (Unix ms).</param>
    /// <returns>The counts.</returns>
    public (int TenSeconds, int Day) Current(long nowMs)
    {
        lock (_gate)
        {
            return (_window10s == nowMs / TenSecondsMs ? _count10s : 0, _windowDay == nowMs / DayMs ? _countDay : 0);
        }
    }

    private void Roll(long nowMs)
    {
        if (nowMs / TenSecondsMs != _window10s)
        {
            _window10s = nowMs / TenSecondsMs;
            _count10s = 0;
        }

        if (nowMs / DayMs != _windowDay)
        {
            _windowDay = nowMs / DayMs;
            _countDay = 0;
        }
    }
}
