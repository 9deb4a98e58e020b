namespace Genesis.Exchange.Models;

/// <summary>
/// What <c>DELETE /api/v3/openOrders</c> canceled on a symbol: the single orders, and the order lists (whose legs are
/// canceled with them). Each order is the exchange's cancel report: <see cref="Order.ClientOrderId"/> is the canceled
/// order's id and <see cref="Order.CancelClientOrderId"/> the id of the cancel request.
/// </summary>
/// <param name="Orders">The canceled orders that were not part of an order list, in the exchange's order.</param>
/// <param name="OrderLists">The canceled order lists, each with the reports of its legs.</param>
public sealed record CancelOpenOrdersResult(IReadOnlyList<Order> Orders, IReadOnlyList<CanceledOrderList> OrderLists)
{
    /// <summary>Nothing was open on the symbol (Binance answers -2011 then; the client reports it as this empty result).</summary>
    public static CancelOpenOrdersResult None { get; } = new([], []);

    /// <summary>Every canceled order: the single orders, then the legs of the order lists.</summary>
    public IEnumerable<Order> AllOrders => Orders.Concat(OrderLists.SelectMany(l => l.OrderReports));
}

/// <summary>An order list as a cancel reports it (<c>DELETE /api/v3/openOrders</c>): its status and the reports of its canceled legs.</summary>
public sealed record CanceledOrderList
{
    /// <summary>The exchange's order list id.</summary>
    public required long OrderListId { get; init; }

    /// <summary>The contingency type as the exchange wrote it (<c>OCO</c>, <c>OTO</c>, …).</summary>
    public required string ContingencyType { get; init; }

    /// <summary>The list status type as the exchange wrote it (<c>ALL_DONE</c> once canceled).</summary>
    public required string ListStatusType { get; init; }

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

    /// <summary>The cancel report of each leg.</summary>
    public IReadOnlyList<Order> OrderReports { get; init; } = [];
}

/// <summary>One order of an order list as list responses name it: symbol, exchange id and client id.</summary>
/// <param name="Symbol">The symbol.</param>
/// <param name="OrderId">The exchange order id.</param>
/// <param name="ClientOrderId">The client order id.</param>
public sealed record OrderListMemberId(string Symbol, long OrderId, string ClientOrderId);
