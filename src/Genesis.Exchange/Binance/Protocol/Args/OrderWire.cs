using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>An order's wire parameters both ways: written by <see cref="BinanceRestClient.BuildOrderParameters"/>, read back here.</summary>
internal static class OrderWire
{
    /// <summary>Reads an order request back from its wire parameters, leniently (unknown enum values become Unknown).</summary>
    /// <param name="parameters">The wire parameters.</param>
    /// <returns>The order request.</returns>
    public static OrderRequest Read(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        new(Get(parameters, "symbol") ?? string.Empty, BinanceEnums.ParseSide(Get(parameters, "side")), BinanceEnums.ParseOrderType(Get(parameters, "type")))
        {
            TimeInForce = Get(parameters, "timeInForce") is { } tif ? BinanceEnums.ParseTimeInForce(tif) : null,
            Quantity = Decimal(parameters, "quantity"),
            QuoteQuantity = Decimal(parameters, "quoteOrderQty"),
            Price = Decimal(parameters, "price"),
            StopPrice = Decimal(parameters, "stopPrice"),
            IcebergQuantity = Decimal(parameters, "icebergQty"),
            ClientOrderId = Get(parameters, "newClientOrderId"),
            ResponseType = Get(parameters, "newOrderRespType") switch
            {
                "ACK" => OrderResponseType.Ack,
                "RESULT" => OrderResponseType.Result,
                "FULL" => OrderResponseType.Full,
                _ => OrderResponseType.Default,
            },
            StrategyId = Long(parameters, "strategyId"),
            StrategyType = Long(parameters, "strategyType"),
            TrailingDelta = Long(parameters, "trailingDelta"),
            SelfTradePreventionMode = Get(parameters, "selfTradePreventionMode") is { } stp ? BinanceEnums.ParseSelfTradePreventionMode(stp) : null,
            PegPriceType = Get(parameters, "pegPriceType") is { } peg ? BinanceEnums.ParsePegPriceType(peg) : null,
            PegOffsetValue = Long(parameters, "pegOffsetValue") is { } offset ? (int)Math.Clamp(offset, int.MinValue, int.MaxValue) : null,
            PegOffsetType = Get(parameters, "pegOffsetType") is { } offsetType ? BinanceEnums.ParsePegOffsetType(offsetType) : null,
        };
}
