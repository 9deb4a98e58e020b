using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/orderList/otoco</c>: a prepared OTOCO (list and leg client ids set, symbol normalized).</summary>
/// <param name="Request">The OTOCO.</param>
internal sealed record OtocoOrderListArgs(OtocoOrderRequest Request) : IEndpointArgs<OtocoOrderListArgs>
{
    /// <inheritdoc />
    public static OtocoOrderListArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new OtocoOrderRequest(
            Get(parameters, "symbol") ?? string.Empty,
            BinanceEnums.ParseSide(Get(parameters, "workingSide")),
            Decimal(parameters, "workingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "working"),
            BinanceEnums.ParseSide(Get(parameters, "pendingSide")),
            Decimal(parameters, "pendingQuantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "pendingAbove"),
            OrderListWire.ReadLeg(parameters, "pendingBelow"))
        {
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
        p.Add(P("pendingQuantity", BinanceRestClient.FormatDecimal(r.PendingQuantity)));
        OrderListWire.WriteLeg(p, "pendingAbove", r.PendingAbove);
        OrderListWire.WriteLeg(p, "pendingBelow", r.PendingBelow);
        return p;
    }
}
