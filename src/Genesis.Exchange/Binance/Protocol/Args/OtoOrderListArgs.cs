using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/orderList/oto</c>: a prepared OTO (list and leg client ids set, symbol normalized).</summary>
/// <param name="Request">The OTO.</param>
internal sealed record OtoOrderListArgs(OtoOrderRequest Request) : IEndpointArgs<OtoOrderListArgs>
{
    /// <inheritdoc />
    public static OtoOrderListArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new OtoOrderRequest(
            Get(parameters, "symbol") ?? string.Empty,
            BinanceEnums.ParseSide(Get(parameters, "workingSide")),
            Decimal(parameters, "workingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "working"),
            BinanceEnums.ParseSide(Get(parameters, "pendingSide")),
            Decimal(parameters, "pendingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "pending"))
        {
            ListClientOrderId = Get(parameters, "listClientOrderId"),
            ResponseType = OrderListWire.ReadResponseType(parameters),
            SelfTradePreventionMode = OrderListWire.ReadSelfTradePreventionMode(parameters),
        });

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var r = Request;
        var p = new List<KeyValuePair<string, string>>(20) { P("symbol", r.Symbol) };
        if (r.ListClientOrderId is { Length: > 0 } list)
        {
            p.Add(P("listClientOrderId", list));
        }

        OrderListWire.WriteListOptions(p, r.ResponseType, r.SelfTradePreventionMode);
        OrderListWire.WriteLeg(p, "working", r.Working, r.WorkingSide, r.WorkingQuantity);
        OrderListWire.WriteLeg(p, "pending", r.Pending, r.PendingSide, r.PendingQuantity);
        return p;
    }
}
