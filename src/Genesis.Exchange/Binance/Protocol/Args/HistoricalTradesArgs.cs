using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/historicalTrades</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Limit">How many trades (documented default 500, maximum 1000).</param>
/// <param name="FromId">The trade id to start from, or null for the most recent.</param>
internal sealed record HistoricalTradesArgs(string Symbol, int Limit = 500, long? FromId = null) : IEndpointArgs<HistoricalTradesArgs>
{
    /// <inheritdoc />
    public static HistoricalTradesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, WireArgs.Limit(parameters, 500), Long(parameters, "fromId"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(3) { P("symbol", Symbol), P("limit", Limit) };
        AddIf(p, "fromId", FromId);
        return p;
    }
}
