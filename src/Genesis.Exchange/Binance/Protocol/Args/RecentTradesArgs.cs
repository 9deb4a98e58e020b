using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/trades</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="Limit">How many trades (documented default 500, maximum 1000).</param>
internal sealed record RecentTradesArgs(string Symbol, int Limit = 500) : IEndpointArgs<RecentTradesArgs>
{
    /// <inheritdoc />
    public static RecentTradesArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire() => [P("symbol", Symbol), P("limit", Limit)];
}
