using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>An order as the engine receives it, already validated against the symbol's filters.</summary>
/// <param name="Owner">The owner.</param>
/// <param name="Side">Buy or sell.</param>
/// <param name="Type">The type.</param>
/// <param name="TimeInForce">Time in force (ignored for MARKET, STOP_LOSS, TAKE_PROFIT and LIMIT_MAKER).</param>
/// <param name="Price">Limit price, or 0.</param>
/// <param name="StopPrice">Stop price, or 0.</param>
/// <param name="Quantity">Base quantity, or 0 for MARKET by quote quantity.</param>
/// <param name="QuoteQuantity">Quote quantity for MARKET orders by quote, else 0.</param>
/// <param name="ClientOrderId">The client order id.</param>
internal readonly record struct OrderSpec(
    int Owner,
    OrderSide Side,
    OrderType Type,
    TimeInForce TimeInForce,
    decimal Price,
    decimal StopPrice,
    decimal Quantity,
    decimal QuoteQuantity,
    string ClientOrderId)
{
    /// <summary>Iceberg quantity (reported only).</summary>
    public decimal IcebergQuantity { get; init; }

    /// <summary>The order list the order belongs to (an OTO's working order), or null.</summary>
    public EngineOrderList? List { get; init; }
}
