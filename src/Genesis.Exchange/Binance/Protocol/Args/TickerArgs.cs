using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>
/// The arguments of the tickers (<c>ticker/24hr</c>, <c>ticker/price</c>, <c>ticker/bookTicker</c>): one symbol, several,
/// or all of them (both null). Their weights depend on which.
/// </summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols, or null.</param>
/// <param name="Mini">Whether to ask for <c>type=MINI</c> (<c>ticker/24hr</c> only: no price change, average, previous close or book figures).</param>
internal sealed record TickerArgs(string? Symbol = null, IReadOnlyList<string>? Symbols = null, bool Mini = false) : IEndpointArgs<TickerArgs>
{
    /// <summary>Every symbol.</summary>
    public static TickerArgs All { get; } = new();

    /// <summary>One symbol.</summary>
    /// <param name="symbol">The symbol, upper case.</param>
    /// <returns>The arguments.</returns>
    public static TickerArgs One(string symbol) => new(symbol);

    /// <summary>Several symbols.</summary>
    /// <param name="symbols">The symbols, upper case.</param>
    /// <returns>The arguments.</returns>
    public static TickerArgs Many(IReadOnlyList<string> symbols) => new(null, symbols);

    /// <inheritdoc />
    public static TickerArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol"), WireArgs.Symbols(parameters), string.Equals(Get(parameters, "type"), "MINI", StringComparison.Ordinal));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(1);
        if (Symbol is not null)
        {
            p.Add(P("symbol", Symbol));
        }

        if (Symbols is not null)
        {
            p.Add(P("symbols", SymbolList(Symbols)));
        }

        if (Mini)
        {
            p.Add(P("type", "MINI"));
        }

        return p;
    }
}
