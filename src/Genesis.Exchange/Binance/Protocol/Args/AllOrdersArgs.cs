using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/allOrders</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="FromOrderId">The exchange order id to start from, or null.</param>
/// <param name="Limit">How many orders (documented default 500, maximum 1000).</param>
internal sealed record AllOrdersArgs(string Symbol, long? FromOrderId = null, int Limit = 500) : IEndpointArgs<AllOrdersArgs>
{
    /// <inheritdoc />
    public static AllOrdersArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId"), WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(3) { P("symbol", Symbol) };
        AddIf(p, "orderId", FromOrderId);
        p.Add(P("limit", Limit));
        return p;
    }
}
