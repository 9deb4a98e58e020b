using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/orderList/opo</c>: a prepared OPO (like an OTO without <c>pendingQuantity</c>).</summary>
/// <param name="Request">The OPO.</param>
internal sealed record OpoOrderListArgs(OpoOrderRequest Request) : IEndpointArgs<OpoOrderListArgs>
{
    /// <inheritdoc />
    public static OpoOrderListArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new OpoOrderRequest(
            Get(parameters, "symbol") ?? string.Empty,
            Decimal(parameters, "workingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "working"),
            OrderListWire.ReadLeg(parameters, "pending"))
        {
            WorkingSide = BinanceEnums.ParseSide(Get(parameters, "workingSide")),
            PendingSide = BinanceEnums.ParseSide(Get(parameters, "pendingSide")),
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
        OrderListWire.WriteLeg(p, "pending", r.Pending, r.PendingSide);
        return p;
    }
}
