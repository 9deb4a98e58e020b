using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// One order inside the matching engine. Mutable on purpose: the engine updates it in place (fills, status,
/// locked funds) and links it into its price level, so a placement allocates nothing but this object.
/// </summary>
internal sealed class EngineOrder
{
    /// <summary>The exchange order id.</summary>
    public long Id;

    /// <summary>The client order id.</summary>
    public string ClientOrderId = string.Empty;

    /// <summary>The owner (<see cref="MatchingEngine.AccountOwner"/> or <see cref="MatchingEngine.MarketMakerOwner"/>).</summary>
    public int Owner;

    /// <summary>The book the order belongs to.</summary>
    public LimitOrderBook Book = null!;

    /// <summary>Buy or sell.</summary>
    public OrderSide Side;

    /// <summary>The order type.</summary>
    public OrderType Type;

    /// <summary>Time in force (GTC for market orders, as Binance reports them).</summary>
    public TimeInForce TimeInForce;

    /// <summary>Limit price (0 for market orders).</summary>
    public decimal Price;

    /// <summary>Stop price (0 when none).</summary>
    public decimal StopPrice;

    /// <summary>Original base quantity (for a MARKET order by quote quantity: the executed quantity once done).</summary>
    public decimal Quantity;

    /// <summary>Original quote quantity (MARKET by quoteOrderQty), else 0.</summary>
    public decimal QuoteQuantity;

    /// <summary>Iceberg quantity as sent (kept for reporting; the engine shows the whole order).</summary>
    public decimal IcebergQuantity;

    /// <summary>Whether this is a MARKET order by quote quantity.</summary>
    public bool ByQuote;

    /// <summary>Executed base quantity.</summary>
    public decimal Executed;

    /// <summary>Cumulative quote quantity of the fills.</summary>
    public decimal CumulativeQuote;

    /// <summary>Funds still locked for this order, in the asset it spends (quote for buys, base for sells).</summary>
    public decimal Locked;

    /// <summary>The status.</summary>
    public OrderStatus Status;

    /// <summary>Whether the order is in the book (false for untriggered stop orders).</summary>
    public bool IsWorking;

    /// <summary>Creation time (ms since the Unix epoch).</summary>
    public long Time;

    /// <summary>Last update time (ms).</summary>
    public long UpdateTime;

    /// <summary>When the order started working (ms), or -1 while an untriggered stop.</summary>
    public long WorkingTime;

    /// <summary>The order list the order belongs to, or null.</summary>
    public EngineOrderList? List;

    /// <summary>Previous order in the price level queue.</summary>
    public EngineOrder? Prev;

    /// <summary>Next order in the price level queue.</summary>
    public EngineOrder? Next;

    /// <summary>The level the order rests in, or null.</summary>
    public PriceLevel? Level;

    /// <summary>Unfilled base quantity.</summary>
    public decimal Remaining => Quantity - Executed;

    /// <summary>Whether the order can still trade.</summary>
    public bool IsOpen => Status is OrderStatus.New or OrderStatus.PartiallyFilled;

    /// <summary>Whether the type waits for a stop price.</summary>
    public bool IsStop => Type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;

    /// <summary>Whether the order trades at a limit price once working.</summary>
    public bool HasLimitPrice => Type is OrderType.Limit or OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
}
