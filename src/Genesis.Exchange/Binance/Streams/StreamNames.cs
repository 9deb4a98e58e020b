using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Streams;

/// <summary>Binance stream names (symbols lowercase, as the server requires).</summary>
internal static class StreamNames
{
    public static string Trade(string symbol) => Normalize(symbol) + "@trade";

    public static string Depth(string symbol) => Depth(symbol, every100Milliseconds: true);

    public static string Depth(string symbol, bool every100Milliseconds) => Normalize(symbol) + (every100Milliseconds ? "@depth@100ms" : "@depth");

    public static string PartialDepth(string symbol) => PartialDepth(symbol, 20, every100Milliseconds: true);

    public static string PartialDepth(string symbol, int levels, bool every100Milliseconds)
    {
        if (levels is not (5 or 10 or 20))
        {
            throw new ArgumentOutOfRangeException(nameof(levels), levels, "Partial depth levels are 5, 10 or 20.");
        }

        return Normalize(symbol) + "@depth" + levels.ToString(System.Globalization.CultureInfo.InvariantCulture) + (every100Milliseconds ? "@100ms" : string.Empty);
    }

    public static string Kline(string symbol, KlineInterval interval) => Normalize(symbol) + "@kline_" + interval.ToWire();

    /// <summary>The kline stream in a time zone: <c>@kline_&lt;interval&gt;</c> for UTC, <c>@kline_&lt;interval&gt;@+08:00</c> for UTC+8 (the only documented offset).</summary>
    public static string Kline(string symbol, KlineInterval interval, TimeSpan timeZoneOffset)
    {
        if (timeZoneOffset == TimeSpan.Zero)
        {
            return Kline(symbol, interval);
        }

        if (timeZoneOffset != KlineUtc8Offset)
        {
            throw new ArgumentOutOfRangeException(nameof(timeZoneOffset), timeZoneOffset, "Kline streams are in UTC or UTC+8 (+08:00).");
        }

        return Kline(symbol, interval) + KlineUtc8Suffix;
    }

    /// <summary>The one time-zone offset Binance documents for kline streams.</summary>
    public static readonly TimeSpan KlineUtc8Offset = TimeSpan.FromHours(8);

    /// <summary>The stream-name suffix of a UTC+8 kline stream.</summary>
    public const string KlineUtc8Suffix = "@+08:00";

    public static string BlockTrade(string symbol) => Normalize(symbol) + "@blockTrade";

    public static string AveragePrice(string symbol) => Normalize(symbol) + "@avgPrice";

    public static string ReferencePrice(string symbol) => Normalize(symbol) + "@referencePrice";

    public static string RollingWindowTicker(string symbol, RollingWindow window) => Normalize(symbol) + "@ticker_" + window.ToWire();

    public static string AllRollingWindowTickers(RollingWindow window) => "!ticker_" + window.ToWire() + "@arr";

    public const string AllMiniTickers = "!miniTicker@arr";

    public static string Ticker(string symbol) => Normalize(symbol) + "@ticker";

    public static string AggregateTrade(string symbol) => Normalize(symbol) + "@aggTrade";

    public static string BookTicker(string symbol) => Normalize(symbol) + "@bookTicker";

    public static string MiniTicker(string symbol) => Normalize(symbol) + "@miniTicker";

    /// <summary>Reads <c>&lt;symbol&gt;@kline_&lt;interval&gt;[@+08:00]</c>: the interval and the time-zone offset, if any.</summary>
    public static bool TryParseKline(string streamName, out KlineInterval interval, out TimeSpan? timeZone)
    {
        interval = default;
        timeZone = null;
        var start = streamName.IndexOf("@kline_", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var rest = streamName[(start + 7)..];
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            var offset = rest[(at + 1)..];
            if (!TimeSpan.TryParseExact(offset.TrimStart('+', '-'), @"hh\:mm", System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return false;
            }

            timeZone = offset.StartsWith('-') ? -parsed : parsed;
            rest = rest[..at];
        }

        return KlineIntervalExtensions.TryParse(rest, out interval);
    }

    /// <summary>The symbol part of a stream name, upper case (e.g. <c>btcusdt@depth20@100ms</c> → <c>BTCUSDT</c>).</summary>
    public static string SymbolOf(string streamName)
    {
        var at = streamName.IndexOf('@', StringComparison.Ordinal);
        return (at < 0 ? streamName : streamName[..at]).ToUpperInvariant();
    }

    private static string Normalize(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        foreach (var c in symbol)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new ArgumentException($"Symbol '{symbol}' must be letters and digits only.", nameof(symbol));
            }
        }

        return symbol.ToLowerInvariant();
    }
}
