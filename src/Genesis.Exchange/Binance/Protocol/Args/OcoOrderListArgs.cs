using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>The arguments of <c>POST /api/v3/orderList/oco</c>: a prepared OCO (list and leg client ids set, symbol normalized).</summary>
/// <param name="Request">The OCO.</param>
internal sealed record OcoOrderListArgs(OcoOrderRequest Request) : IEndpointArgs<OcoOrderListArgs>
{
    /// <inheritdoc />
    public static OcoOrderListArgs FromWire(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(new OcoOrderRequest(
            Get(parameters, "symbol") ?? string.Empty,
            BinanceEnums.ParseSide(Get(parameters, "side")),
            Decimal(parameters, "quantity") ?? 0m,
            OrderListWire.ReadLeg(parameters, "above"),
            OrderListWire.ReadLeg(parameters, "below"))
        {
            ListClientOrderId = Get(parameters, "listClientOrderId"),
            ResponseType = OrderListWire.ReadResponseType(parameters),
            SelfTradePreventionMode = OrderListWire.ReadSelfTradePreventionMode(parameters),
        });

    /// <inheritdoc />
    public IReadOnlyList<KeyValuePair<string, string>> ToWire()
    {
        var r = Request;
        var p = new List<KeyValuePair<string, string>>(16) { P("symbol", r.Symbol) };
        if (r.ListClientOrderId is { Length: > 0 } list)
        {
            p.Add(P("listClientOrderId", list));
        }

        p.Add(P("side", BinanceEnums.ToWire(r.Side)));
        p.Add(P("quantity", BinanceRestClient.FormatDecimal(r.Quantity)));
        OrderListWire.WriteLeg(p, "above", r.Above);
        OrderListWire.WriteLeg(p, "below", r.Below);
        OrderListWire.WriteListOptions(p, r.ResponseType, r.SelfTradePreventionMode);
        return p;
    }
}
