using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/allOrders</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="FromOrderId">The exchange order id to start from, or null.</param>
/// <param name="Limit">How many orders (documented default 500, maximum 1000).</param>
/// <param name="StartTime">Only orders created at or after this time (always UTC), or null.</param>
/// <param name="EndTime">Only orders created at or before this time (always UTC), or null.</param>
internal sealed record AllOrdersArgs(string Symbol, long? FromOrderId = null, int Limit = 500, DateTimeOffset? StartTime = null, DateTimeOffset? EndTime = null)
    : IEndpointArgs<AllOrdersArgs>
{
    /// <inheritdoc />
    public static AllOrdersArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId"), WireArgs.Limit(parameters, 500), Time(parameters, "startTime"), Time(parameters, "endTime"));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(5) { P("symbol", Symbol) };
        AddIf(p, "orderId", FromOrderId);
        AddIf(p, "startTime", StartTime);
        AddIf(p, "endTime", EndTime);
        p.Add(P("limit", Limit));
        return p;
    }
}
