namespace Genesis.Exchange.Models;

/// <summary>
/// What <c>DELETE /api/v3/openOrders</c> canceled on a symbol: the single orders, and the order lists (whose legs are
/// canceled with them). Each order is the exchange's cancel report: <see cref="Order.ClientOrderId"/> is the canceled
/// order's id and <see cref="Order.CancelClientOrderId"/> the id of the cancel request.
/// </summary>
/// <param name="Orders">The canceled orders that were not part of an order list, in the exchange's order.</param>
/// <param name="OrderLists">The canceled order lists, each with the reports of its legs.</param>
public sealed record CancelOpenOrdersResult(IReadOnlyList<Order> Orders, IReadOnlyList<OrderListReport> OrderLists)
{
    /// <summary>Nothing was open on the symbol (Binance answers -2011 then; the client reports it as this empty result).</summary>
    public static CancelOpenOrdersResult None { get; } = new([], []);

    /// <summary>Every canceled order: the single orders, then the legs of the order lists.</summary>
    public IEnumerable<Order> AllOrders => Orders.Concat(OrderLists.SelectMany(l => l.OrderReports));
}

/// <summary>
/// An order list as a trading answer reports it: its status, its orders, and (cancel answers, <c>DELETE /api/v3/openOrders</c>)
/// the reports of its canceled legs; an amend answer (<c>listStatus</c>) carries no list status type and no reports.
/// </summary>
public sealed record OrderListReport
{
    /// <summary>The exchange's order list id.</summary>
    public required long OrderListId { get; init; }

    /// <summary>The contingency type as the exchange wrote it (<c>OCO</c>, <c>OTO</c>, …).</summary>
    public required string ContingencyType { get; init; }

    /// <summary>The list status type as the exchange wrote it (<c>ALL_DONE</c> once canceled); empty when the answer has none.</summary>
    public string ListStatusType { get; init; } = string.Empty;

    /// <summary>The list order status as the exchange wrote it (<c>ALL_DONE</c> once canceled).</summary>
    public required string ListOrderStatus { get; init; }

    /// <summary>The list's client id.</summary>
    public required string ListClientOrderId { get; init; }

    /// <summary>When the exchange processed the cancel.</summary>
    public DateTimeOffset? TransactionTime { get; init; }

    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The legs of the list, by id.</summary>
    public IReadOnlyList<OrderListMemberId> Orders { get; init; } = [];

    /// <summary>The cancel report of each leg (cancel answers); empty otherwise.</summary>
    public IReadOnlyList<Order> OrderReports { get; init; } = [];
}

/// <summary>One order of an order list as list responses name it: symbol, exchange id and client id.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="OrderId">The exchange order id.</param>
/// <param name="ClientOrderId">The client order id.</param>
public sealed record OrderListMemberId(string Symbol, long OrderId, string ClientOrderId);

/// <summary>What <c>POST /api/v3/order/cancelReplace</c> does when the cancel fails (<c>cancelReplaceMode</c>).</summary>
public enum CancelReplaceMode
{
    /// <summary>STOP_ON_FAILURE (the default here): when the cancel fails, the new order is not attempted.</summary>
    StopOnFailure = 0,

    /// <summary>ALLOW_FAILURE: the new order is attempted even when the cancel fails (then two orders may be open).</summary>
    AllowFailure,
}

/// <summary>When a cancel may succeed (<c>cancelRestrictions</c>).</summary>
public enum CancelRestrictions
{
    /// <summary>ONLY_NEW: only while the order's status is NEW.</summary>
    OnlyNew = 1,

    /// <summary>ONLY_PARTIALLY_FILLED: only while the order's status is PARTIALLY_FILLED.</summary>
    OnlyPartiallyFilled,
}

/// <summary>What a cancel-replace does when the account's unfilled order count is exceeded (<c>orderRateLimitExceededMode</c>).</summary>
public enum OrderRateLimitExceededMode
{
    /// <summary>DO_NOTHING (Binance's default): nothing is canceled when the new order would exceed the limit.</summary>
    DoNothing = 0,

    /// <summary>CANCEL_ONLY: the cancel is always attempted, even when the new order cannot be placed.</summary>
    CancelOnly,
}

/// <summary>The outcome of one half of a cancel-replace (<c>cancelResult</c>, <c>newOrderResult</c>).</summary>
public enum CancelReplaceStatus
{
    /// <summary>A value the exchange sent that this version does not know, or an outcome nobody could establish (see the raw value).</summary>
    Unknown = 0,

    /// <summary>SUCCESS.</summary>
    Success,

    /// <summary>FAILURE: the error is in the result.</summary>
    Failure,

    /// <summary>NOT_ATTEMPTED: the new order was not tried because the cancel failed (STOP_ON_FAILURE).</summary>
    NotAttempted,
}

/// <summary>
/// Cancel an existing order and place a new one on the same symbol in one request (<c>POST /api/v3/order/cancelReplace</c>).
/// The new order goes through the same validation and client order id rules as <c>PlaceOrderAsync</c>.
/// </summary>
/// <param name="NewOrder">The new order (its symbol is the symbol of the order to cancel); a client order id is generated when it has none.</param>
public sealed record CancelReplaceRequest(OrderRequest NewOrder)
{
    /// <summary>What happens when the cancel fails; default STOP_ON_FAILURE.</summary>
    public CancelReplaceMode Mode { get; init; } = CancelReplaceMode.StopOnFailure;

    /// <summary>The exchange id of the order to cancel (<c>cancelOrderId</c>); this or <see cref="CancelOrigClientOrderId"/> is required.</summary>
    public long? CancelOrderId { get; init; }

    /// <summary>The client order id of the order to cancel (<c>cancelOrigClientOrderId</c>); checked against the order when both ids are given.</summary>
    public string? CancelOrigClientOrderId { get; init; }

    /// <summary>An id for the cancel itself (<c>cancelNewClientOrderId</c>); generated by the exchange when null.</summary>
    public string? CancelNewClientOrderId { get; init; }

    /// <summary>Only cancel while the order has this status (<c>cancelRestrictions</c>); null for no restriction.</summary>
    public CancelRestrictions? CancelRestrictions { get; init; }

    /// <summary>What to do when the unfilled order count is exceeded (<c>orderRateLimitExceededMode</c>); null for Binance's default (DO_NOTHING).</summary>
    public OrderRateLimitExceededMode? OrderRateLimitExceededMode { get; init; }
}

/// <summary>An error the exchange reported for one part of a compound request (e.g. the cancel of a cancel-replace).</summary>
/// <param name="Code">The Binance error code.</param>
/// <param name="Message">The Binance message.</param>
public sealed record ExchangeErrorDetail(int Code, string Message);

/// <summary>
/// The outcome of a cancel-replace: how each half went, the cancel report and the new order when they succeeded, and the
/// exchange's error for each half that failed. A partial or complete failure (-2021, -2022) reaches the caller as a
/// <see cref="Errors.CancelReplaceException"/> carrying this result.
/// </summary>
public sealed record CancelReplaceResult
{
    /// <summary>How the cancel went.</summary>
    public required CancelReplaceStatus CancelResult { get; init; }

    /// <summary>The cancel result as the exchange wrote it (empty when the outcome was established by queries, not by the answer).</summary>
    public required string RawCancelResult { get; init; }

    /// <summary>How the new order went.</summary>
    public required CancelReplaceStatus NewOrderResult { get; init; }

    /// <summary>The new order result as the exchange wrote it (empty when established by queries).</summary>
    public required string RawNewOrderResult { get; init; }

    /// <summary>The cancel report of the old order when the cancel succeeded (<see cref="Order.ClientOrderId"/> is the old order's id); null otherwise.</summary>
    public Order? CancelResponse { get; init; }

    /// <summary>Why the cancel failed; null unless it did.</summary>
    public ExchangeErrorDetail? CancelError { get; init; }

    /// <summary>The new order when it was placed; null otherwise.</summary>
    public Order? NewOrderResponse { get; init; }

    /// <summary>Why the new order failed; null unless it did.</summary>
    public ExchangeErrorDetail? NewOrderError { get; init; }
}

/// <summary>The answer of <c>PUT /api/v3/order/amend/keepPriority</c>: the order with its reduced quantity, still in its place in the queue.</summary>
public sealed record AmendOrderResult
{
    /// <summary>When the exchange amended the order.</summary>
    public DateTimeOffset? TransactTime { get; init; }

    /// <summary>The amendment's execution id (see <c>GET /api/v3/order/amendments</c>).</summary>
    public required long ExecutionId { get; init; }

    /// <summary>The order after the amendment.</summary>
    public required AmendedOrder AmendedOrder { get; init; }

    /// <summary>The order list the order belongs to; null for an order outside a list.</summary>
    public OrderListReport? ListStatus { get; init; }
}

/// <summary>An order as an amend answer reports it (the fields differ in name from other order answers: <c>qty</c>, <c>preventedQty</c>, …).</summary>
public sealed record AmendedOrder
{
    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The exchange order id (unchanged by the amendment).</summary>
    public required long OrderId { get; init; }

    /// <summary>The order list id; -1 for an order outside a list.</summary>
    public long? OrderListId { get; init; }

    /// <summary>The client order id before the amendment.</summary>
    public required string OrigClientOrderId { get; init; }

    /// <summary>The client order id after the amendment (the one to query the order by from now on).</summary>
    public required string ClientOrderId { get; init; }

    /// <summary>The limit price.</summary>
    public decimal? Price { get; init; }

    /// <summary>The order's quantity after the amendment.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The executed quantity.</summary>
    public decimal? ExecutedQuantity { get; init; }

    /// <summary>The quantity expired by self-trade prevention.</summary>
    public decimal? PreventedQuantity { get; init; }

    /// <summary>The quote quantity the order was placed with (0 when placed by base quantity).</summary>
    public decimal? QuoteOrderQuantity { get; init; }

    /// <summary>The cumulative quote quantity of the fills.</summary>
    public decimal? CumulativeQuoteQuantity { get; init; }

    /// <summary>The status.</summary>
    public required OrderStatus Status { get; init; }

    /// <summary>The status as the exchange wrote it.</summary>
    public required string RawStatus { get; init; }

    /// <summary>Time in force.</summary>
    public TimeInForce TimeInForce { get; init; }

    /// <summary>The time in force as the exchange wrote it.</summary>
    public string RawTimeInForce { get; init; } = string.Empty;

    /// <summary>The order type.</summary>
    public OrderType Type { get; init; }

    /// <summary>The order type as the exchange wrote it.</summary>
    public string RawType { get; init; } = string.Empty;

    /// <summary>The side.</summary>
    public OrderSide Side { get; init; }

    /// <summary>The side as the exchange wrote it.</summary>
    public string RawSide { get; init; } = string.Empty;

    /// <summary>When the order started working; null when the answer did not say or it is not working yet.</summary>
    public DateTimeOffset? WorkingTime { get; init; }

    /// <summary>The self-trade prevention mode; null when the answer did not say.</summary>
    public SelfTradePreventionMode? SelfTradePreventionMode { get; init; }

    /// <summary>The self-trade prevention mode as the exchange wrote it; null when the answer did not say.</summary>
    public string? RawSelfTradePreventionMode { get; init; }
}

/// <summary>One amendment of an order (<c>GET /api/v3/order/amendments</c>).</summary>
public sealed record OrderAmendment
{
    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The exchange order id.</summary>
    public required long OrderId { get; init; }

    /// <summary>The amendment's execution id.</summary>
    public required long ExecutionId { get; init; }

    /// <summary>The client order id before this amendment.</summary>
    public required string OrigClientOrderId { get; init; }

    /// <summary>The client order id after this amendment.</summary>
    public required string NewClientOrderId { get; init; }

    /// <summary>The quantity before this amendment.</summary>
    public required decimal OriginalQuantity { get; init; }

    /// <summary>The quantity after this amendment.</summary>
    public required decimal NewQuantity { get; init; }

    /// <summary>When the order was amended.</summary>
    public required DateTimeOffset Time { get; init; }
}

/// <summary>One allocation of a SOR order's fill (<c>GET /api/v3/myAllocations</c>).</summary>
public sealed record Allocation
{
    /// <summary>The symbol.</summary>
    public required string Symbol { get; init; }

    /// <summary>The allocation id.</summary>
    public required long AllocationId { get; init; }

    /// <summary>The allocation type as the exchange wrote it (<c>SOR</c>).</summary>
    public required string AllocationType { get; init; }

    /// <summary>The exchange order id.</summary>
    public required long OrderId { get; init; }

    /// <summary>The order list id; -1 for an order outside a list.</summary>
    public long? OrderListId { get; init; }

    /// <summary>The price.</summary>
    public required decimal Price { get; init; }

    /// <summary>The base quantity.</summary>
    public required decimal Quantity { get; init; }

    /// <summary>The quote quantity.</summary>
    public required decimal QuoteQuantity { get; init; }

    /// <summary>The commission charged.</summary>
    public required decimal Commission { get; init; }

    /// <summary>The commission asset.</summary>
    public required string CommissionAsset { get; init; }

    /// <summary>When the allocation happened.</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>Whether the account bought.</summary>
    public required bool IsBuyer { get; init; }

    /// <summary>Whether the account was the maker.</summary>
    public required bool IsMaker { get; init; }

    /// <summary>Whether the account was the allocator.</summary>
    public required bool IsAllocator { get; init; }
}
