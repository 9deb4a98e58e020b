using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tracking;

/// <summary>
/// An immutable snapshot of one order as the <see cref="IOrderTracker"/> knows it: the exchange's state (never regressed),
/// the fills (de-duplicated by trade id), and the execution figures a trading system needs (average price, commission per
/// asset, latency from sending to the first execution report, slippage against the reference price).
/// </summary>
public sealed record TrackedOrder
{
    /// <summary>The client order id (the key the tracker indexes orders by).</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The exchange's order id; null while the exchange has not confirmed the order (sent or outcome unknown).</summary>
    public long? ExchangeOrderId { get; init; }

    /// <summary>The side; Unknown until the exchange reported the order (or the caller told it when sending).</summary>
    public OrderSide Side { get; init; }

    /// <summary>The order type; Unknown until the exchange reported the order.</summary>
    public OrderType Type { get; init; }

    /// <summary>
    /// The status. <see cref="OrderStatus.Unknown"/> while the exchange has not confirmed the order (see
    /// <see cref="IsOutcomeUnknown"/>). It never moves backwards (a FILLED order never becomes PARTIALLY_FILLED again).
    /// </summary>
    public OrderStatus Status { get; init; }

    /// <summary>The limit price (0 for market orders); null when not known yet.</summary>
    public decimal? Price { get; init; }

    /// <summary>The order quantity; null when not known yet.</summary>
    public decimal? Quantity { get; init; }

    /// <summary>The filled quantity (never decreases).</summary>
    public decimal FilledQuantity { get; init; }

    /// <summary>The cumulative quote quantity of the fills.</summary>
    public decimal CumulativeQuoteQuantity { get; init; }

    /// <summary>The average fill price (quote quantity / quantity); null before the first fill.</summary>
    public decimal? AveragePrice => FilledQuantity > 0m ? CumulativeQuoteQuantity / FilledQuantity : null;

    /// <summary>The commission charged so far, per asset (from the fills the tracker knows).</summary>
    public IReadOnlyDictionary<string, decimal> Commissions { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The fills known, by trade id order.</summary>
    public IReadOnlyList<TrackedFill> Fills { get; init; } = [];

    /// <summary>The last fill applied; null before the first.</summary>
    public TrackedFill? LastFill { get; init; }

    /// <summary>The order list id, when the order belongs to a list; null otherwise.</summary>
    public long? OrderListId { get; init; }

    /// <summary>The reject reason the exchange sent (<c>NONE</c> when not rejected), or <c>NOT_FOUND_ON_EXCHANGE</c> when an order of unknown outcome was never placed.</summary>
    public string RejectReason { get; init; } = "NONE";

    /// <summary>Why the order expired; null unless it expired.</summary>
    public ExpiryReason? ExpiryReason { get; init; }

    /// <summary>The exchange's last transaction time for the order; null when not known yet.</summary>
    public DateTimeOffset? UpdateTime { get; init; }

    /// <summary>When the caller told the tracker it was sending the order (<see cref="IOrderTracker.OnSending(string, string, OrderSide, decimal?)"/>); null otherwise.</summary>
    public DateTimeOffset? SentTime { get; init; }

    /// <summary>The price the strategy expected when sending; null when not given.</summary>
    public decimal? ReferencePrice { get; init; }

    /// <summary>The time from sending to the first execution report received; null when either is not known.</summary>
    public TimeSpan? Latency { get; init; }

    /// <summary>
    /// Slippage in price against <see cref="ReferencePrice"/>: positive is worse than expected for the side (a buy filled
    /// above, a sell filled below the reference). Null without a reference price or fills.
    /// </summary>
    public decimal? Slippage => ReferencePrice is { } reference && AveragePrice is { } average
        ? Side == OrderSide.Sell ? reference - average : average - reference
        : null;

    /// <summary>Slippage in basis points of the reference price, signed like <see cref="Slippage"/>.</summary>
    public decimal? SlippageBps => Slippage is { } slippage && ReferencePrice is > 0m ? slippage / ReferencePrice.Value * 10_000m : null;

    /// <summary>Whether the placement's outcome is still unknown (sent, but the exchange has not confirmed or denied the order yet).</summary>
    public bool IsOutcomeUnknown => ExchangeOrderId is null && Status == OrderStatus.Unknown;

    /// <summary>Whether the order can still trade (or may, while its outcome is unknown).</summary>
    public bool IsOpen => Status is OrderStatus.Unknown or OrderStatus.New or OrderStatus.PartiallyFilled or OrderStatus.PendingNew or OrderStatus.PendingCancel;

    /// <summary>A change counter, incremented by every change the tracker applied to the order.</summary>
    public long Version { get; init; }

    /// <summary>
    /// The order as the domain <see cref="Order"/>: fills, filled and quote quantities, latency
    /// (<see cref="Order.LatencyMs"/>, 0 when not measured) and slippage (<see cref="Order.SlippagePercent"/>). An order the
    /// exchange has not confirmed yet has <see cref="Order.ExchangeOrderId"/> 0 and status Unknown.
    /// </summary>
    /// <returns>The domain order.</returns>
    public Order ToOrder() => new()
    {
        Id = ClientOrderId,
        ExchangeOrderId = ExchangeOrderId ?? 0,
        ClientOrderId = ClientOrderId,
        Symbol = Symbol,
        Type = Type,
        Side = Side,
        Price = Price,
        Quantity = Quantity,
        FilledQuantity = FilledQuantity,
        CumulativeQuoteQuantity = CumulativeQuoteQuantity,
        Status = Status,
        UpdateTime = UpdateTime,
        OrderListId = OrderListId,
        ExpiryReason = ExpiryReason,
        Fills = [.. Fills.Select(static f => new OrderFill(f.Price, f.Quantity, f.Commission, f.CommissionAsset, f.TradeId))],
        LatencyMs = Latency?.TotalMilliseconds ?? 0d,
        SlippagePercent = SlippageBps / 100m,
    };
}
