using System.Globalization;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>Binance wire names of enums and the number format (strings with at least 8 decimals).</summary>
internal static class MockWire
{
    /// <summary>Formats a decimal as Binance does: 8 decimals ("0.10000000"); more only when the value has them.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(decimal value)
    {
        var rounded = decimal.Round(value, 8);
        return rounded == value
            ? value.ToString("F8", CultureInfo.InvariantCulture)
            : SymbolRules.Normalize(value).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The wire name of a side.</summary>
    /// <param name="side">The side.</param>
    /// <returns>BUY or SELL.</returns>
    public static string ToWire(OrderSide side) => side == OrderSide.Buy ? "BUY" : "SELL";

    /// <summary>The wire name of an order type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name.</returns>
    public static string ToWire(OrderType type) => type switch
    {
        OrderType.Limit => "LIMIT",
        OrderType.Market => "MARKET",
        OrderType.LimitMaker => "LIMIT_MAKER",
        OrderType.StopLoss => "STOP_LOSS",
        OrderType.StopLossLimit => "STOP_LOSS_LIMIT",
        OrderType.TakeProfit => "TAKE_PROFIT",
        OrderType.TakeProfitLimit => "TAKE_PROFIT_LIMIT",
        _ => "UNKNOWN",
    };

    /// <summary>The wire name of a time in force.</summary>
    /// <param name="tif">The value.</param>
    /// <returns>The name.</returns>
    public static string ToWire(TimeInForce tif) => tif switch
    {
        TimeInForce.Ioc => "IOC",
        TimeInForce.Fok => "FOK",
        _ => "GTC",
    };

    /// <summary>The wire name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToWire(OrderStatus status) => status switch
    {
        OrderStatus.New => "NEW",
        OrderStatus.PartiallyFilled => "PARTIALLY_FILLED",
        OrderStatus.Filled => "FILLED",
        OrderStatus.Canceled => "CANCELED",
        OrderStatus.Rejected => "REJECTED",
        OrderStatus.Expired => "EXPIRED",
        OrderStatus.ExpiredInMatch => "EXPIRED_IN_MATCH",
        OrderStatus.PendingNew => "PENDING_NEW",
        _ => "UNKNOWN",
    };

    /// <summary>Parses an order type name; Unknown when not recognized.</summary>
    /// <param name="value">The name.</param>
    /// <returns>The type.</returns>
    public static OrderType ParseOrderType(string? value) => value switch
    {
        "LIMIT" => OrderType.Limit,
        "MARKET" => OrderType.Market,
        "LIMIT_MAKER" => OrderType.LimitMaker,
        "STOP_LOSS" => OrderType.StopLoss,
        "STOP_LOSS_LIMIT" => OrderType.StopLossLimit,
        "TAKE_PROFIT" => OrderType.TakeProfit,
        "TAKE_PROFIT_LIMIT" => OrderType.TakeProfitLimit,
        _ => OrderType.Unknown,
    };

    /// <summary>Parses a side name; Unknown when not recognized.</summary>
    /// <param name="value">The name.</param>
    /// <returns>The side.</returns>
    public static OrderSide ParseSide(string? value) => value switch
    {
        "BUY" => OrderSide.Buy,
        "SELL" => OrderSide.Sell,
        _ => OrderSide.Unknown,
    };

    /// <summary>Parses a time in force; Unknown when not recognized.</summary>
    /// <param name="value">The name.</param>
    /// <returns>The value.</returns>
    public static TimeInForce ParseTimeInForce(string? value) => value switch
    {
        "GTC" => TimeInForce.Gtc,
        "IOC" => TimeInForce.Ioc,
        "FOK" => TimeInForce.Fok,
        _ => TimeInForce.Unknown,
    };
}
