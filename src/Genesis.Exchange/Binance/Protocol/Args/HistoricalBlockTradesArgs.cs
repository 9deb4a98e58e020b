using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/historicalBlockTrades</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="FromId">The block trade id to fetch from (mandatory).</param>
/// <param name="Limit">How many (documented default 500, maximum 1000).</param>
internal sealed record HistoricalBlockTradesArgs(string Symbol, long FromId, int Limit = 500) : IEndpointArgs<HistoricalBlockTradesArgs>
{
    /// <inheritdoc />
    public static HistoricalBlockTradesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "fromId") ?? 0, WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => [P("symbol", Symbol), P("fromId", FromId), P("limit", Limit)];
}
