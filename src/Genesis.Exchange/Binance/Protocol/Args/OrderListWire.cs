using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Protocol.WireArgs;

namespace Genesis.Exchange.Binance.Protocol.Args;

/// <summary>
/// The wire parameters of order lists both ways: one leg under a prefix (<c>aboveType</c>, <c>workingPrice</c>…) and the
/// list-wide ones (<c>listClientOrderId</c>, <c>newOrderRespType</c>, <c>selfTradePreventionMode</c>).
/// </summary>
internal static class OrderListWire
{
    /// <summary>Writes a leg's parameters under <paramref name="prefix"/>, in the order Binance documents them.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="prefix">above, below, working, pending, pendingAbove or pendingBelow.</param>
    /// <param name="leg">The leg, with its client order id set.</param>
    /// <param name="side">The leg's own side (OTO legs), or null when the list has one side.</param>
    /// <param name="quantity">The leg's own quantity (OTO legs), or null when the list has one quantity.</param>
    public static void WriteLeg(List<KeyValuePair<string, string>> p, string prefix, OrderListLeg leg, OrderSide? side = null, decimal? quantity = null)
    {
        p.Add(P(prefix + "Type", BinanceEnums.ToWire(leg.Type)));
        if (side is { } s)
        {
            p.Add(P(prefix + "Side", BinanceEnums.ToWire(s)));
        }

        if (leg.ClientOrderId is { Length: > 0 } id)
        {
            p.Add(P(prefix + "ClientOrderId", id));
        }

        AddDecimal(p, prefix + "Price", leg.Price);
        AddDecimal(p, prefix + "Quantity", quantity);
        AddDecimal(p, prefix + "StopPrice", leg.StopPrice);
        AddIf(p, prefix + "TrailingDelta", leg.TrailingDelta);
        AddDecimal(p, prefix + "IcebergQty", leg.IcebergQuantity);
        if (leg.TimeInForce is { } tif && tif != TimeInForce.Unknown)
        {
            p.Add(P(prefix + "TimeInForce", BinanceEnums.ToWire(tif)));
        }

        AddIf(p, prefix + "StrategyId", leg.StrategyId);
        AddIf(p, prefix + "StrategyType", leg.StrategyType);
        if (leg.PegPriceType is { } peg && peg != PegPriceType.Unknown)
        {
            p.Add(P(prefix + "PegPriceType", BinanceEnums.PegPriceTypeNames.Names[(int)peg - 1]));
        }

        if (leg.PegOffsetType is { } offsetType && offsetType != PegOffsetType.Unknown)
        {
            p.Add(P(prefix + "PegOffsetType", BinanceEnums.PegOffsetTypeNames.Names[(int)offsetType - 1]));
        }

        AddIf(p, prefix + "PegOffsetValue", leg.PegOffsetValue);
    }

    /// <summary>Reads a leg back from its prefixed parameters, leniently (unknown enum values become Unknown).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <param name="prefix">The prefix.</param>
    /// <returns>The leg.</returns>
    public static OrderListLeg ReadLeg(IReadOnlyList<KeyValuePair<string, string>> parameters, string prefix) =>
        new(BinanceEnums.ParseOrderType(Get(parameters, prefix + "Type")))
        {
            ClientOrderId = Get(parameters, prefix + "ClientOrderId"),
            Price = Decimal(parameters, prefix + "Price"),
            StopPrice = Decimal(parameters, prefix + "StopPrice"),
            TrailingDelta = Long(parameters, prefix + "TrailingDelta"),
            IcebergQuantity = Decimal(parameters, prefix + "IcebergQty"),
            TimeInForce = Get(parameters, prefix + "TimeInForce") is { } tif ? BinanceEnums.ParseTimeInForce(tif) : null,
            StrategyId = Long(parameters, prefix + "StrategyId"),
            StrategyType = Long(parameters, prefix + "StrategyType") is { } type ? (int)Math.Clamp(type, int.MinValue, int.MaxValue) : null,
            PegPriceType = Get(parameters, prefix + "PegPriceType") is { } peg ? BinanceEnums.ParsePegPriceType(peg) : null,
            PegOffsetType = Get(parameters, prefix + "PegOffsetType") is { } offsetType ? BinanceEnums.ParsePegOffsetType(offsetType) : null,
            PegOffsetValue = Long(parameters, prefix + "PegOffsetValue") is { } offset ? (int)Math.Clamp(offset, int.MinValue, int.MaxValue) : null,
        };

    /// <summary>Writes <c>newOrderRespType</c> and <c>selfTradePreventionMode</c> when set.</summary>
    /// <param name="p">The parameters.</param>
    /// <param name="responseType">The response type.</param>
    /// <param name="stp">The self-trade prevention mode.</param>
    public static void WriteListOptions(List<KeyValuePair<string, string>> p, OrderResponseType responseType, SelfTradePreventionMode? stp)
    {
        if (BinanceEnums.ToWire(responseType) is { } rt)
        {
            p.Add(P("newOrderRespType", rt));
        }

        if (stp is { } mode && mode != SelfTradePreventionMode.Unknown)
        {
            p.Add(P("selfTradePreventionMode", BinanceEnums.SelfTradePreventionModeNames.Names[(int)mode - 1]));
        }
    }

    /// <summary>Reads <c>newOrderRespType</c> back (Default when missing or unknown).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The response type.</returns>
    public static OrderResponseType ReadResponseType(IReadOnlyList<KeyValuePair<string, string>> parameters) => Get(parameters, "newOrderRespType") switch
    {
        "ACK" => OrderResponseType.Ack,
        "RESULT" => OrderResponseType.Result,
        "FULL" => OrderResponseType.Full,
        _ => OrderResponseType.Default,
    };

    /// <summary>Reads <c>selfTradePreventionMode</c> back (null when missing).</summary>
    /// <param name="parameters">The parameters.</param>
    /// <returns>The mode or null.</returns>
    public static SelfTradePreventionMode? ReadSelfTradePreventionMode(IReadOnlyList<KeyValuePair<string, string>> parameters) =>
        Get(parameters, "selfTradePreventionMode") is { } stp ? BinanceEnums.ParseSelfTradePreventionMode(stp) : null;

    private static void AddDecimal(List<KeyValuePair<string, string>> p, string name, decimal? value)
    {
        if (value is { } v)
        {
            p.Add(P(name, BinanceRestClient.FormatDecimal(v)));
        }
    }
}
