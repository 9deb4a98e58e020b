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

    public static string Ticker(string symbol) => Normalize(symbol) + "@ticker";

    public static string AggregateTrade(string symbol) => Normalize(symbol) + "@aggTrade";

    public static string BookTicker(string symbol) => Normalize(symbol) + "@bookTicker";

    public static string MiniTicker(string symbol) => Normalize(symbol) + "@miniTicker";

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
