namespace Genesis.Exchange.Models;

/// <summary>The kind of an order list (<c>contingencyType</c>).</summary>
public enum ContingencyType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>OCO: one cancels the other.</summary>
    Oco,
    /// <summary>OTO: one triggers the other (OTO, OTOCO, and OPO/OPOCO as Binance reports them).</summary>
    Oto,
}

/// <summary>The status of an order list (<c>listStatusType</c>).</summary>
public enum OrderListStatusType
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>RESPONSE: the answer to a failed action on the list.</summary>
    Response,
    /// <summary>EXEC_STARTED: the list has been placed or its status changed.</summary>
    ExecStarted,
    /// <summary>UPDATED: the client order id of one of its orders changed.</summary>
    Updated,
    /// <summary>ALL_DONE: the list has finished and is no longer active.</summary>
    AllDone,
}

/// <summary>The status of an order list's orders as a whole (<c>listOrderStatus</c>).</summary>
public enum OrderListOrderStatus
{
    /// <summary>A value the exchange sent that this version does not know.</summary>
    Unknown = 0,
    /// <summary>EXECUTING: the list was placed or its status changed.</summary>
    Executing,
    /// <summary>ALL_DONE: the list has completed and is no longer active.</summary>
    AllDone,
    /// <summary>REJECT: the answer to a failed placement or cancel.</summary>
    Reject,
}

/// <summary>One order of an order list as the list names it (<c>orders[]</c>).</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="ExchangeOrderId">The exchange's order id.</param>
/// <param name="ClientOrderId">The order's client order id.</param>
public sealed record OrderListEntry(string Symbol, long ExchangeOrderId, string ClientOrderId);

/// <summary>An order list (OCO, OTO, OTOCO…) as the exchange reports it.</summary>
public sealed record OrderList
{
    /// <summary>The exchange's id of the list.</summary>
    public required long OrderListId { get; init; }

    /// <summary>The kind of list; Unknown when not known to this version (see <see cref="RawContingencyType"/>).</summary>
    public ContingencyType ContingencyType { get; init; }

    /// <summary>The contingency type as the exchange wrote it.</summary>
    public string RawContingencyType { get; init; } = string.Empty;

    /// <summary>The list status; Unknown when not known to this version (see <see cref="RawListStatusType"/>).</summary>
    public OrderListStatusType ListStatusType { get; init; }

    /// <summary>The list status as the exchange wrote it.</summary>
    public string RawListStatusType { get; init; } = string.Empty;

    /// <summary>The status of the list's orders as a whole; Unknown when not known to this version (see <see cref="RawListOrderStatus"/>).</summary>
    public OrderListOrderStatus ListOrderStatus { get; init; }

    /// <summary>The list order status as the exchange wrote it.</summary>
    public string RawListOrderStatus { get; init; } = string.Empty;

    /// <summary>The client id of the list (<c>listClientOrderId</c>).</summary>
    public required string ListClientOrderId { get; init; }

    /// <summary>When the exchange processed the request; null when the response did not say.</summary>
    public DateTimeOffset? TransactionTime { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The list's orders, by id.</summary>
    public IReadOnlyList<OrderListEntry> Orders { get; init; } = [];

    /// <summary>The orders in detail (placement and cancel responses); empty when the response has none (queries).</summary>
    public IReadOnlyList<Order> OrderReports { get; init; } = [];

    /// <summary>Round-trip latency of the placing request in milliseconds (0 when not placed by this process).</summary>
    public double LatencyMs { get; init; }

    /// <summary>Whether the list is still active (neither all done nor rejected).</summary>
    public bool IsActive => ListOrderStatus == OrderListOrderStatus.Executing;
}

/// <summary>
/// One order of an order list request: its type and the parameters Binance takes per leg (the prefix — <c>above</c>,
/// <c>below</c>, <c>working</c>, <c>pending</c>, <c>pendingAbove</c>, <c>pendingBelow</c> — is added by the request).
/// </summary>
/// <param name="Type">The order type (which types a position accepts is documented per list kind).</param>
public sealed record OrderListLeg(OrderType Type)
{
    /// <summary>Limit price (LIMIT, LIMIT_MAKER, *_LIMIT); optional for a pegged leg.</summary>
    public decimal? Price { get; init; }

    /// <summary>Stop price (STOP_LOSS*, TAKE_PROFIT*); this and/or <see cref="TrailingDelta"/>.</summary>
    public decimal? StopPrice { get; init; }

    /// <summary>Trailing delta in basis points (stop legs).</summary>
    public long? TrailingDelta { get; init; }

    /// <summary>Iceberg quantity (needs GTC).</summary>
    public decimal? IcebergQuantity { get; init; }

    /// <summary>Time in force; required for LIMIT, STOP_LOSS_LIMIT and TAKE_PROFIT_LIMIT (defaults to GTC for them).</summary>
    public TimeInForce? TimeInForce { get; init; }

    /// <summary>The leg's client order id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ClientOrderId { get; init; }

    /// <summary>Strategy id (64-bit).</summary>
    public long? StrategyId { get; init; }

    /// <summary>Strategy type (at least 1,000,000).</summary>
    public int? StrategyType { get; init; }

    /// <summary>The price a pegged leg follows.</summary>
    public PegPriceType? PegPriceType { get; init; }

    /// <summary>How the peg offset is expressed (only PRICE_LEVEL).</summary>
    public PegOffsetType? PegOffsetType { get; init; }

    /// <summary>The peg offset in price levels (max 100).</summary>
    public int? PegOffsetValue { get; init; }
}

/// <summary>A new OCO (<c>POST /api/v3/orderList/oco</c>): an above and a below order of the same side and quantity; one executing cancels the other.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="Side">The side of both orders.</param>
/// <param name="Quantity">The quantity of both orders.</param>
/// <param name="Above">The above order: STOP_LOSS, STOP_LOSS_LIMIT, LIMIT_MAKER, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
/// <param name="Below">The below order: STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
public sealed record OcoOrderRequest(string Symbol, OrderSide Side, decimal Quantity, OrderListLeg Above, OrderListLeg Below)
{
    /// <summary>The list's client id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ListClientOrderId { get; init; }

    /// <summary>Response detail of the order reports.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Result;

    /// <summary>Self-trade prevention mode; the symbol's default when null.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }
}

/// <summary>
/// A new OTO (<c>POST /api/v3/orderList/oto</c>): a working LIMIT or LIMIT_MAKER order, and a pending order the exchange
/// places when the working order is fully filled.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="WorkingSide">The working order's side.</param>
/// <param name="WorkingQuantity">The working order's quantity.</param>
/// <param name="Working">The working order (LIMIT or LIMIT_MAKER).</param>
/// <param name="PendingSide">The pending order's side.</param>
/// <param name="PendingQuantity">The pending order's quantity.</param>
/// <param name="Pending">The pending order (any type but MARKET by quote quantity).</param>
public sealed record OtoOrderRequest(string Symbol, OrderSide WorkingSide, decimal WorkingQuantity, OrderListLeg Working, OrderSide PendingSide, decimal PendingQuantity, OrderListLeg Pending)
{
    /// <summary>The list's client id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ListClientOrderId { get; init; }

    /// <summary>Response detail of the order reports.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Result;

    /// <summary>Self-trade prevention mode; the symbol's default when null.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }
}

/// <summary>
/// A new OTOCO (<c>POST /api/v3/orderList/otoco</c>): a working LIMIT or LIMIT_MAKER order, and a pending OCO pair
/// (above and below, same side and quantity) the exchange places when the working order is fully filled.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="WorkingSide">The working order's side.</param>
/// <param name="WorkingQuantity">The working order's quantity.</param>
/// <param name="Working">The working order (LIMIT or LIMIT_MAKER).</param>
/// <param name="PendingSide">The side of both pending orders.</param>
/// <param name="PendingQuantity">The quantity of both pending orders.</param>
/// <param name="PendingAbove">The pending above order: STOP_LOSS, STOP_LOSS_LIMIT, LIMIT_MAKER, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
/// <param name="PendingBelow">The pending below order: STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
public sealed record OtocoOrderRequest(
    string Symbol, OrderSide WorkingSide, decimal WorkingQuantity, OrderListLeg Working, OrderSide PendingSide, decimal PendingQuantity, OrderListLeg PendingAbove, OrderListLeg PendingBelow)
{
    /// <summary>The list's client id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ListClientOrderId { get; init; }

    /// <summary>Response detail of the order reports.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Result;

    /// <summary>Self-trade prevention mode; the symbol's default when null.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }
}

/// <summary>
/// A new OPO (<c>POST /api/v3/orderList/opo</c>, "one pays the other"): an OTO whose pending order sells what the working
/// BUY order received (after commission, rounded down to the lot step), so it takes no quantity and needs no funds of its own.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="WorkingQuantity">The working order's quantity.</param>
/// <param name="Working">The working order (LIMIT or LIMIT_MAKER).</param>
/// <param name="Pending">The pending order (any type but MARKET by quote quantity).</param>
public sealed record OpoOrderRequest(string Symbol, decimal WorkingQuantity, OrderListLeg Working, OrderListLeg Pending)
{
    /// <summary>The working order's side; Binance accepts only BUY.</summary>
    public OrderSide WorkingSide { get; init; } = OrderSide.Buy;

    /// <summary>The pending order's side; Binance accepts only SELL.</summary>
    public OrderSide PendingSide { get; init; } = OrderSide.Sell;

    /// <summary>The list's client id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ListClientOrderId { get; init; }

    /// <summary>Response detail of the order reports.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Result;

    /// <summary>Self-trade prevention mode; the symbol's default when null.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }
}

/// <summary>
/// A new OPOCO (<c>POST /api/v3/orderList/opoco</c>): an OTOCO whose pending OCO pair sells what the working BUY order
/// received, so the pair takes no quantity.
/// </summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="WorkingQuantity">The working order's quantity.</param>
/// <param name="Working">The working order (LIMIT or LIMIT_MAKER).</param>
/// <param name="PendingAbove">The pending above order: STOP_LOSS, STOP_LOSS_LIMIT, LIMIT_MAKER, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
/// <param name="PendingBelow">The pending below order: STOP_LOSS, STOP_LOSS_LIMIT, TAKE_PROFIT or TAKE_PROFIT_LIMIT.</param>
public sealed record OpocoOrderRequest(string Symbol, decimal WorkingQuantity, OrderListLeg Working, OrderListLeg PendingAbove, OrderListLeg PendingBelow)
{
    /// <summary>The working order's side; Binance accepts only BUY.</summary>
    public OrderSide WorkingSide { get; init; } = OrderSide.Buy;

    /// <summary>The pending orders' side; Binance accepts only SELL.</summary>
    public OrderSide PendingSide { get; init; } = OrderSide.Sell;

    /// <summary>The list's client id; generated when not given. Must match <c>^[a-zA-Z0-9-_]{1,36}$</c>.</summary>
    public string? ListClientOrderId { get; init; }

    /// <summary>Response detail of the order reports.</summary>
    public OrderResponseType ResponseType { get; init; } = OrderResponseType.Result;

    /// <summary>Self-trade prevention mode; the symbol's default when null.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }
}
