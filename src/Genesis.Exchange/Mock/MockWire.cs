using System.Globalization;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>The mock's Binance number format (strings with at least 8 decimals); enum names come from <see cref="BinanceEnums"/>.</summary>
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
    public static string ToWire(OrderSide side) => BinanceEnums.ToWire(side);

    /// <summary>The wire name of an order type.</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name.</returns>
    public static string ToWire(OrderType type) => BinanceEnums.ToWire(type);

    /// <summary>The wire name of a status.</summary>
    /// <param name="status">The status.</param>
    /// <returns>The name.</returns>
    public static string ToWire(OrderStatus status) => BinanceEnums.ToWire(status);

    /// <summary>The wire name of a time in force; orders without one (MARKET) show GTC, as Binance does.</summary>
    /// <param name="tif">The value.</param>
    /// <returns>The name.</returns>
    public static string ToWire(TimeInForce tif) => tif == TimeInForce.Unknown ? "GTC" : BinanceEnums.ToWire(tif);
}
