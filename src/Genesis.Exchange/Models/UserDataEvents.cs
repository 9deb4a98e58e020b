namespace Genesis.Exchange.Models;

/// <summary>
/// One event of the user data stream (account and order events pushed over the WebSocket API after
/// <c>userDataStream.subscribe</c>). Switch on the concrete type; <see cref="UnknownUserDataEvent"/> carries an event this
/// version does not know, with its raw JSON.
/// </summary>
/// <param name="EventType">The event type as the exchange wrote it (<c>e</c>), e.g. <c>executionReport</c>.</param>
/// <param name="EventTime">When the exchange emitted the event (<c>E</c>).</param>
public abstract record UserDataEvent(string EventType, DateTimeOffset EventTime)
{
    /// <summary>The subscription the event came from (<c>subscriptionId</c>), when the frame carried one.</summary>
    public int? SubscriptionId { get; init; }
}

/// <summary>What happened to an order in an <see cref="ExecutionReport"/> (<c>x</c>, Binance "execution types").</summary>
public enum ExecutionType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>NEW: the order was accepted into the engine.</summary>
    New,
    /// <summary>CANCELED: the order was canceled by the user.</summary>
    Canceled,
    /// <summary>REPLACED: the order was amended.</summary>
    Replaced,
    /// <summary>REJECTED: the order was rejected and not processed.</summary>
    Rejected,
    /// <summary>TRADE: part or all of the order filled.</summary>
    Trade,
    /// <summary>EXPIRED: canceled by the order type's rules or by the exchange.</summary>
    Expired,
    /// <summary>TRADE_PREVENTION: the order expired because of self-trade prevention.</summary>
    TradePrevention,
}

/// <summary>
/// An order update (<c>executionReport</c>): every documented field, including the conditional ones (trailing, strategy,
/// self-trade prevention and prevented match, working time, allocations, SOR, peg, expiry reason), which are null when
/// absent. Enumerations map values this version does not know to <c>Unknown</c>; the raw text is kept next to them.
/// </summary>
public sealed record ExecutionReport() : UserDataEvent("executionReport", default)
{
    /// <summary>The symbol (<c>s</c>).</summary>
    public required string Symbol { get; init; }

    /// <summary>The client order id (<c>c</c>).</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The side (<c>S</c>).</summary>
    public OrderSide Side { get; init; }

    /// <summary>The order type (<c>o</c>).</summary>
    public OrderType Type { get; init; }

    /// <summary>The order type as sent.</summary>
    public string RawType { get; init; } = string.Empty;

    /// <summary>The time in force (<c>f</c>).</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>The order quantity (<c>q</c>).</summary>
    public decimal Quantity { get; init; }

    /// <summary>The order price (<c>p</c>).</summary>
    public decimal Price { get; init; }

    /// <summary>The stop price (<c>P</c>).</summary>
    public decimal StopPrice { get; init; }

    /// <summary>The iceberg quantity (<c>F</c>).</summary>
    public decimal IcebergQuantity { get; init; }

    /// <summary>The order list id (<c>g</c>); -1 for an order outside a list.</summary>
    public long OrderListId { get; init; } = -1;

    /// <summary>The original client order id (<c>C</c>): the id of the order being canceled; empty otherwise.</summary>
    public string OriginalClientOrderId { get; init; } = string.Empty;

    /// <summary>The execution type (<c>x</c>).</summary>
    public ExecutionType ExecutionType { get; init; }

    /// <summary>The execution type as sent.</summary>
    public string RawExecutionType { get; init; } = string.Empty;

    /// <summary>The order status (<c>X</c>).</summary>
    public OrderStatus Status { get; init; }

    /// <summary>The order status as sent.</summary>
    public string RawStatus { get; init; } = string.Empty;

    /// <summary>The reject reason (<c>r</c>), <c>NONE</c> when the order was not rejected.</summary>
    public string RejectReason { get; init; } = "NONE";

    /// <summary>The exchange's order id (<c>i</c>).</summary>
    public long OrderId { get; init; }

    /// <summary>The quantity of the last execution (<c>l</c>).</summary>
    public decimal LastExecutedQuantity { get; init; }

    /// <summary>The cumulative filled quantity (<c>z</c>).</summary>
    public decimal CumulativeFilledQuantity { get; init; }

    /// <summary>The price of the last execution (<c>L</c>).</summary>
    public decimal LastExecutedPrice { get; init; }

    /// <summary>The commission of the last execution (<c>n</c>).</summary>
    public decimal Commission { get; init; }

    /// <summary>The commission asset (<c>N</c>); null when there was no commission.</summary>
    public string? CommissionAsset { get; init; }

    /// <summary>The transaction time (<c>T</c>).</summary>
    public DateTimeOffset TransactionTime { get; init; }

    /// <summary>The trade id (<c>t</c>); -1 when the event is not a trade.</summary>
    public long TradeId { get; init; } = -1;

    /// <summary>The execution id (<c>I</c>).</summary>
    public long ExecutionId { get; init; }

    /// <summary>Whether the order is on the book (<c>w</c>).</summary>
    public bool IsOnBook { get; init; }

    /// <summary>Whether this trade is the maker side (<c>m</c>).</summary>
    public bool IsMaker { get; init; }

    /// <summary>The field Binance documents as "ignore" (<c>M</c>).</summary>
    public bool Ignore { get; init; }

    /// <summary>The order creation time (<c>O</c>).</summary>
    public DateTimeOffset CreationTime { get; init; }

    /// <summary>The cumulative quote quantity transacted (<c>Z</c>).</summary>
    public decimal CumulativeQuoteQuantity { get; init; }

    /// <summary>The quote quantity of the last execution (<c>Y</c>: last price × last quantity).</summary>
    public decimal LastQuoteQuantity { get; init; }

    /// <summary>The quote order quantity (<c>Q</c>).</summary>
    public decimal QuoteOrderQuantity { get; init; }

    /// <summary>When the order started working on the book (<c>W</c>); null when it has not.</summary>
    public DateTimeOffset? WorkingTime { get; init; }

    /// <summary>The self-trade prevention mode (<c>V</c>).</summary>
    public SelfTradePreventionMode SelfTradePreventionMode { get; init; }

    /// <summary>The self-trade prevention mode as sent.</summary>
    public string RawSelfTradePreventionMode { get; init; } = string.Empty;

    /// <summary>The trailing delta (<c>d</c>), trailing stop orders only.</summary>
    public long? TrailingDelta { get; init; }

    /// <summary>The trailing time (<c>D</c>), trailing stop orders only.</summary>
    public DateTimeOffset? TrailingTime { get; init; }

    /// <summary>The strategy id (<c>j</c>), when given at placement.</summary>
    public long? StrategyId { get; init; }

    /// <summary>The strategy type (<c>J</c>), when given at placement.</summary>
    public long? StrategyType { get; init; }

    /// <summary>The prevented match id (<c>v</c>), orders expired by self-trade prevention only.</summary>
    public long? PreventedMatchId { get; init; }

    /// <summary>The prevented quantity (<c>A</c>).</summary>
    public decimal? PreventedQuantity { get; init; }

    /// <summary>The last prevented quantity (<c>B</c>).</summary>
    public decimal? LastPreventedQuantity { get; init; }

    /// <summary>The trade group id (<c>u</c>).</summary>
    public long? TradeGroupId { get; init; }

    /// <summary>The counter order id (<c>U</c>).</summary>
    public long? CounterOrderId { get; init; }

    /// <summary>The counter symbol (<c>Cs</c>).</summary>
    public string? CounterSymbol { get; init; }

    /// <summary>The prevented execution quantity (<c>pl</c>).</summary>
    public decimal? PreventedExecutionQuantity { get; init; }

    /// <summary>The prevented execution price (<c>pL</c>).</summary>
    public decimal? PreventedExecutionPrice { get; init; }

    /// <summary>The prevented execution quote quantity (<c>pY</c>).</summary>
    public decimal? PreventedExecutionQuoteQuantity { get; init; }

    /// <summary>The match type (<c>b</c>), orders with allocations only, e.g. <c>ONE_PARTY_TRADE_REPORT</c>.</summary>
    public string? MatchType { get; init; }

    /// <summary>The allocation id (<c>a</c>), orders with allocations only.</summary>
    public long? AllocationId { get; init; }

    /// <summary>The working floor (<c>k</c>), orders that may have allocations only.</summary>
    public WorkingFloor? WorkingFloor { get; init; }

    /// <summary>Whether the order used SOR (<c>uS</c>).</summary>
    public bool? UsedSor { get; init; }

    /// <summary>The pegged price type (<c>gP</c>), pegged orders only.</summary>
    public PegPriceType? PegPriceType { get; init; }

    /// <summary>The pegged offset type (<c>gOT</c>), pegged orders only.</summary>
    public PegOffsetType? PegOffsetType { get; init; }

    /// <summary>The pegged offset value (<c>gOV</c>), pegged orders only.</summary>
    public long? PegOffsetValue { get; init; }

    /// <summary>The pegged price (<c>gp</c>), pegged orders only.</summary>
    public decimal? PeggedPrice { get; init; }

    /// <summary>Why the order expired (<c>eR</c>), expired orders only.</summary>
    public ExpiryReason? ExpiryReason { get; init; }

    /// <summary>The expiry reason as sent.</summary>
    public string? RawExpiryReason { get; init; }

    /// <summary>The average price of the fills so far (<c>Z / z</c>), or null before the first fill.</summary>
    public decimal? AveragePrice => CumulativeFilledQuantity == 0m ? null : CumulativeQuoteQuantity / CumulativeFilledQuantity;
}

/// <summary>The balances an account change touched (<c>outboundAccountPosition</c>).</summary>
/// <param name="EventTime">When the exchange emitted the event (<c>E</c>).</param>
/// <param name="LastUpdateTime">The time of the last account update (<c>u</c>).</param>
/// <param name="Balances">The changed balances (<c>B</c>).</param>
public sealed record AccountPositionUpdate(DateTimeOffset EventTime, DateTimeOffset LastUpdateTime, IReadOnlyList<Balance> Balances)
    : UserDataEvent("outboundAccountPosition", EventTime);

/// <summary>A deposit, withdrawal or transfer (<c>balanceUpdate</c>).</summary>
/// <param name="EventTime">When the exchange emitted the event (<c>E</c>).</param>
/// <param name="Asset">The asset (<c>a</c>).</param>
/// <param name="Delta">The balance change (<c>d</c>), negative for a withdrawal.</param>
/// <param name="ClearTime">When it cleared (<c>T</c>).</param>
public sealed record BalanceUpdate(DateTimeOffset EventTime, string Asset, decimal Delta, DateTimeOffset ClearTime)
    : UserDataEvent("balanceUpdate", EventTime);

/// <summary>An order list update (<c>listStatus</c>), sent with the execution reports of the list's orders.</summary>
public sealed record ListStatusUpdate() : UserDataEvent("listStatus", default)
{
    /// <summary>The symbol (<c>s</c>).</summary>
    public required string Symbol { get; init; }

    /// <summary>The order list id (<c>g</c>).</summary>
    public long OrderListId { get; init; }

    /// <summary>The contingency type (<c>c</c>).</summary>
    public ContingencyType ContingencyType { get; init; }

    /// <summary>The contingency type as sent.</summary>
    public string RawContingencyType { get; init; } = string.Empty;

    /// <summary>The list status type (<c>l</c>).</summary>
    public OrderListStatusType ListStatusType { get; init; }

    /// <summary>The list status type as sent.</summary>
    public string RawListStatusType { get; init; } = string.Empty;

    /// <summary>The list order status (<c>L</c>).</summary>
    public OrderListOrderStatus ListOrderStatus { get; init; }

    /// <summary>The list order status as sent.</summary>
    public string RawListOrderStatus { get; init; } = string.Empty;

    /// <summary>The list reject reason (<c>r</c>), <c>NONE</c> when not rejected.</summary>
    public string ListRejectReason { get; init; } = "NONE";

    /// <summary>The list client order id (<c>C</c>).</summary>
    public string ListClientOrderId { get; init; } = string.Empty;

    /// <summary>The transaction time (<c>T</c>).</summary>
    public DateTimeOffset TransactionTime { get; init; }

    /// <summary>The list's orders (<c>O</c>).</summary>
    public IReadOnlyList<OrderListEntry> Orders { get; init; } = [];
}

/// <summary>Part of the spot balance locked or unlocked by an external system (<c>externalLockUpdate</c>).</summary>
/// <param name="EventTime">When the exchange emitted the event (<c>E</c>).</param>
/// <param name="Asset">The asset (<c>a</c>).</param>
/// <param name="Delta">The locked amount change (<c>d</c>).</param>
/// <param name="TransactionTime">The transaction time (<c>T</c>).</param>
public sealed record ExternalLockUpdate(DateTimeOffset EventTime, string Asset, decimal Delta, DateTimeOffset TransactionTime)
    : UserDataEvent("externalLockUpdate", EventTime);

/// <summary>
/// The subscription ended (<c>eventStreamTerminated</c>): after <c>session.logout</c>, <c>userDataStream.unsubscribe</c>
/// or the expiry of a listen token. No more events come on it until a new subscription.
/// </summary>
/// <param name="EventTime">When the exchange emitted the event (<c>E</c>).</param>
public sealed record EventStreamTerminated(DateTimeOffset EventTime) : UserDataEvent("eventStreamTerminated", EventTime);

/// <summary>An event type this version does not know, delivered with its raw JSON instead of being dropped.</summary>
/// <param name="EventType">The event type as sent (<c>e</c>), or empty when absent.</param>
/// <param name="EventTime">The event time (<c>E</c>), or the Unix epoch when absent.</param>
/// <param name="RawJson">The event object as received.</param>
public sealed record UnknownUserDataEvent(string EventType, DateTimeOffset EventTime, string RawJson) : UserDataEvent(EventType, EventTime);
