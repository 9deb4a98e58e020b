using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>GET /api/v3/order/amendments</c>.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="OrderId">The exchange order id.</param>
/// <param name="FromExecutionId">The execution id to start from, or null for the oldest.</param>
/// <param name="Limit">How many amendments (documented default 500, maximum 1000).</param>
internal sealed record OrderAmendmentsArgs(string Symbol, long OrderId, long? FromExecutionId = null, int Limit = 500) : IEndpointArgs<OrderAmendmentsArgs>
{
    /// <inheritdoc />
    public static OrderAmendmentsArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId") ?? 0, Long(parameters, "fromExecutionId"), WireArgs.Limit(parameters, 500));

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(4) { P("symbol", Symbol), P("orderId", OrderId) };
        AddIf(p, "fromExecutionId", FromExecutionId);
        p.Add(P("limit", Limit));
        return p;
    }
}
