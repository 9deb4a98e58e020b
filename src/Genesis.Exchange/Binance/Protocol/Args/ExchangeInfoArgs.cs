using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/exchangeInfo</c>: everything, one symbol or several.</summary>
/// <param name="Symbol">One symbol, or null.</param>
/// <param name="Symbols">Several symbols, or null.</param>
internal sealed record ExchangeInfoArgs(string? Symbol = null, IReadOnlyList<string>? Symbols = null) : IEndpointArgs<ExchangeInfoArgs>
{
    /// <summary>The whole exchange.</summary>
    public static ExchangeInfoArgs All { get; } = new();

    /// <inheritdoc />
    public static ExchangeInfoArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) => new(Get(parameters, "symbol"), WireArgs.Symbols(parameters));

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

        return p;
    }
}
