using Genesis.Exchange.Binance.Rest;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>PUT /api/v3/order/amend/keepPriority</c>: the order, its new (smaller) quantity and optionally a new client order id.</summary>
/// <param name="Symbol">The symbol, upper case.</param>
/// <param name="OrderId">The exchange order id, or null.</param>
/// <param name="OrigClientOrderId">The client order id, or null.</param>
/// <param name="NewClientOrderId">The client order id after the amendment, or null for one the exchange generates.</param>
/// <param name="NewQuantity">The new quantity (more than 0, less than the order's quantity).</param>
internal sealed record AmendOrderArgs(string Symbol, long? OrderId, string? OrigClientOrderId, string? NewClientOrderId, decimal NewQuantity) : IEndpointArgs<AmendOrderArgs>
{
    /// <inheritdoc />
    public static AmendOrderArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, Long(parameters, "orderId"), Get(parameters, "origClientOrderId"), Get(parameters, "newClientOrderId"), Decimal(parameters, "newQty") ?? 0m);

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var p = new List<KeyValuePair<string, string>>(5) { P("symbol", Symbol) };
        AddIf(p, "orderId", OrderId);
        if (!string.IsNullOrEmpty(OrigClientOrderId))
        {
            p.Add(P("origClientOrderId", OrigClientOrderId));
        }

        if (!string.IsNullOrEmpty(NewClientOrderId))
        {
            p.Add(P("newClientOrderId", NewClientOrderId));
        }

        p.Add(P("newQty", BinanceRestClient.FormatDecimal(NewQuantity)));
        return p;
    }
}
