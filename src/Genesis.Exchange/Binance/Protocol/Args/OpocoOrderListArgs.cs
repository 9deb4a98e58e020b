using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/orderList/opoco</c>: a prepared OPOCO (like an OTOCO without <c>pendingQuantity</c>).</summary>
/// <param name="Request">The OPOCO.</param>
internal sealed record OpocoOrderListArgs(OpocoOrderRequest Request) : IEndpointArgs<OpocoOrderListArgs>
{
    /// <inheritdoc />
    public static OpocoOrderListArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new OpocoOrderRequest(
            Get(parameters, "symbol") ?? string.Empty,
            Decimal(parameters, "workingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "working"),
            OrderListWire.ReadLeg(parameters, "pendingAbove"),
            OrderListWire.ReadLeg(parameters, "pendingBelow"))
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
        var p = new List<KeyValuePair<string, string>>(28) { P("symbol", r.Symbol) };
        if (r.ListClientOrderId is { Length: > 0 } list)
        {
            p.Add(P("listClientOrderId", list));
        }

        OrderListWire.WriteListOptions(p, r.ResponseType, r.SelfTradePreventionMode);
        OrderListWire.WriteLeg(p, "working", r.Working, r.WorkingSide, r.WorkingQuantity);
        p.Add(P("pendingSide", BinanceEnums.ToWire(r.PendingSide)));
        OrderListWire.WriteLeg(p, "pendingAbove", r.PendingAbove);
        OrderListWire.WriteLeg(p, "pendingBelow", r.PendingBelow);
        return p;
    }
}
