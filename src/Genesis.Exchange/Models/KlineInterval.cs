namespace Genesis.Exchange.Models;

/// <summary>Kline (candlestick) intervals supported by Binance Spot.</summary>
public enum KlineInterval
{
    /// <summary>1s.</summary>
    OneSecond,
    /// <summary>1m.</summary>
    OneMinute,
    /// <summary>3m.</summary>
    ThreeMinutes,
    /// <summary>5m.</summary>
    FiveMinutes,
    /// <summary>15m.</summary>
    FifteenMinutes,
    /// <summary>30m.</summary>
    ThirtyMinutes,
    /// <summary>1h.</summary>
    OneHour,
    /// <summary>2h.</summary>
    TwoHours,
    /// <summary>4h.</summary>
    FourHours,
    /// <summary>6h.</summary>
    SixHours,
    /// <summary>8h.</summary>
    EightHours,
    /// <summary>12h.</summary>
    TwelveHours,
    /// <summary>1d.</summary>
    OneDay,
    /// <summary>3d.</summary>
    ThreeDays,
    /// <summary>1w.</summary>
    OneWeek,
    /// <summary>1M.</summary>
    OneMonth,
}

/// <summary>Wire names and durations of <see cref="KlineInterval"/> values.</summary>
public static class KlineIntervalExtensions
{
    /// <summary>The interval as Binance writes it (e.g. <c>1m</c>, <c>1M</c>).</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The wire name.</returns>
    public static string ToWire(this KlineInterval interval) => interval switch
    {
        KlineInterval.OneSecond => "1s",
        KlineInterval.OneMinute => "1m",
        KlineInterval.ThreeMinutes => "3m",
        KlineInterval.FiveMinutes => "5m",
        KlineInterval.FifteenMinutes => "15m",
        KlineInterval.ThirtyMinutes => "30m",
        KlineInterval.OneHour => "1h",
        KlineInterval.TwoHours => "2h",
        KlineInterval.FourHours => "4h",
        KlineInterval.SixHours => "6h",
        KlineInterval.EightHours => "8h",
        KlineInterval.TwelveHours => "12h",
        KlineInterval.OneDay => "1d",
        KlineInterval.ThreeDays => "3d",
        KlineInterval.OneWeek => "1w",
        KlineInterval.OneMonth => "1M",
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown kline interval."),
    };

    /// <summary>Parses a wire name such as <c>1m</c>.</summary>
    /// <param name="value">The wire name.</param>
    /// <param name="interval">The parsed interval.</param>
    /// <returns><see langword="true"/> when the name is known.</returns>
    public static bool TryParse(string? value, out KlineInterval interval)
    {
        foreach (var candidate in Enum.GetValues<KlineInterval>())
        {
            if (string.Equals(candidate.ToWire(), value, StringComparison.Ordinal))
            {
                interval = candidate;
                return true;
            }
        }

        interval = default;
        return false;
    }

    /// <summary>The nominal length of one interval (a month counts as 30 days).</summary>
    /// <param name="interval">The interval.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan ToTimeSpan(this KlineInterval interval) => interval switch
    {
        KlineInterval.OneSecond => TimeSpan.FromSeconds(1),
        KlineInterval.OneMinute => TimeSpan.FromMinutes(1),
        KlineInterval.ThreeMinutes => TimeSpan.FromMinutes(3),
        KlineInterval.FiveMinutes => TimeSpan.FromMinutes(5),
        KlineInterval.FifteenMinutes => TimeSpan.FromMinutes(15),
        KlineInterval.ThirtyMinutes => TimeSpan.FromMinutes(30),
        KlineInterval.OneHour => TimeSpan.FromHours(1),
        KlineInterval.TwoHours => TimeSpan.FromHours(2),
        KlineInterval.FourHours => TimeSpan.FromHours(4),
        KlineInterval.SixHours => TimeSpan.FromHours(6),
        KlineInterval.EightHours => TimeSpan.FromHours(8),
        KlineInterval.TwelveHours => TimeSpan.FromHours(12),
        KlineInterval.OneDay => TimeSpan.FromDays(1),
        KlineInterval.ThreeDays => TimeSpan.FromDays(3),
        KlineInterval.OneWeek => TimeSpan.FromDays(7),
        KlineInterval.OneMonth => TimeSpan.FromDays(30),
        _ => throw new ArgumentOutOfRangeException(nameof(interval), interval, "Unknown kline interval."),
    };
}
