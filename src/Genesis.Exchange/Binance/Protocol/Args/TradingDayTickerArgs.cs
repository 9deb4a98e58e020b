using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/ticker/tradingDay</c>: one symbol or several, the day's time zone and FULL or MINI.</summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols (at most 100), or null.</param>
/// <param name="TimeZone">The UTC offset the trading day starts in, or null for UTC (sent as <c>timeZone</c>).</param>
/// <param name="Mini">Whether to ask for <c>type=MINI</c>.</param>
internal sealed record TradingDayTickerArgs(string? Symbol = null, IReadOnlyList<string>? Symbols = null, TimeSpan? TimeZone = null, bool Mini = false)
    : IEndpointArgs<TradingDayTickerArgs>
{
    /// <summary>How many symbols the request names (1 for <see cref="Symbol"/>).</summary>
    public int SymbolCount => Symbol is not null ? 1 : Symbols?.Count ?? 0;

    /// <inheritdoc />
    public static TradingDayTickerArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        TimeSpan? timeZone = KlineTimeZone.TryParse(Get(parameters, "timeZone"), out var offset) ? offset : null;
        return new(Get(parameters, "symbol"), WireArgs.Symbols(parameters), timeZone, string.Equals(Get(parameters, "type"), "MINI", StringComparison.Ordinal));
    }

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(4);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        if (Symbols is not null)
        {
            p.Add(P("symbols", SymbolList(Symbols)));
        }

        if (TimeZone is { } offset)
        {
            p.Add(P("timeZone", KlineTimeZone.Format(offset)));
        }

        if (Mini)
        {
            p.Add(P("type", "MINI"));
        }

        return p;
    }
}
