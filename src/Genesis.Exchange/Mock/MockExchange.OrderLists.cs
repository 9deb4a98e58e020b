using System.Globalization;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>The account's order lists (OCO, OTO, OTOCO): placement through the same checks as single orders, lookup and cancel.</summary>
public sealed partial class MockExchange
{
    private readonly List<EngineOrderList> _orderLists = [];
    private readonly Dictionary<long, EngineOrderList> _orderListsById = [];
    private readonly Dictionary<string, EngineOrderList> _orderListsByClientId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, (long? StrategyId, int? StrategyType)> _strategies = [];
    private long _nextListClientOrderId = 1;

    /// <summary>The account's order lists, oldest first. Caller holds the lock.</summary>
    internal IReadOnlyList<EngineOrderList> OrderLists => _orderLists;

    /// <summary>A list client id for lists sent without one.</summary>
    /// <returns>The id.</returns>
    internal string NextListClientOrderId() => "mocklist" + (_nextListClientOrderId++).ToString("D12", CultureInfo.InvariantCulture);

    /// <summary>The strategy id and type an order was placed with, if any. Caller holds the lock.</summary>
    /// <param name="orderId">The order id.</param>
    /// <returns>The strategy fields.</returns>
    internal (long? StrategyId, int? StrategyType) StrategyOf(long orderId) => _strategies.GetValueOrDefault(orderId);

    /// <summary>
    /// Places an OCO; throws <see cref="MockApiException"/> with Binance's code when rejected. Each order goes through
    /// the symbol's filters like a single order; both count against MAX_NUM_ORDERS. Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="below">The below order (client order id set).</param>
    /// <param name="above">The above order (client order id set).</param>
    /// <param name="listClientOrderId">The list client id.</param>
    /// <param name="strategies">The strategy fields of below and above.</param>
    /// <returns>The list.</returns>
    internal EngineOrderList PlaceOco(MockSymbol s, OrderRequest below, OrderRequest above, string listClientOrderId, (long? Id, int? Type)[] strategies)
    {
        CheckNewList(s, listClientOrderId, [below, above]);

        // Binance reports the stop-loss order of the pair first.
        var belowFirst = below.Type is OrderType.StopLoss or OrderType.StopLossLimit;
        var (first, second) = belowFirst ? (below, above) : (above, below);
        var now = NowMs;
        var outcome = Engine.PlaceOco(s.Book, Spec(first), Spec(second), now, out var list);
        ThrowIfRejected(outcome);
        Register(s, list!, listClientOrderId, belowFirst ? strategies : [strategies[1], strategies[0]]);
        Publish(now, isStep: false);
        return list!;
    }

    /// <summary>
    /// Places an OTO (one pending order) or an OTOCO (two): the working order is placed like a single order, the pending
    /// ones wait until it is fully filled. Every order passes the symbol's filters; all count against MAX_NUM_ORDERS.
    /// Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="working">The working order (client order id set).</param>
    /// <param name="pending">The pending order(s) (client order ids set; a pair with its stop-loss order first).</param>
    /// <param name="listClientOrderId">The list client id.</param>
    /// <param name="strategies">The strategy fields of the working and pending orders, in that order.</param>
    /// <returns>The list.</returns>
    /// <param name="paysOther">OPO/OPOCO: the pending orders sell what the working order receives (their quantity here is only checked against the filters).</param>
    internal EngineOrderList PlaceOto(MockSymbol s, OrderRequest working, OrderRequest[] pending, string listClientOrderId, (long? Id, int? Type)[] strategies, bool paysOther = false)
    {
        OrderRequest[] all = [working, .. pending];
        CheckNewList(s, listClientOrderId, all);
        var now = NowMs;
        var specs = new OrderSpec[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            specs[i] = paysOther ? Spec(pending[i]) with { Quantity = 0m } : Spec(pending[i]);
        }

        var outcome = Engine.PlaceOto(s.Book, Spec(working), specs, now, out var list, paysOther);
        ThrowIfRejected(outcome);
        Register(s, list!, listClientOrderId, strategies);
        Publish(now, isStep: false);
        return list!;
    }

    private void CheckNewList(MockSymbol s, string listClientOrderId, OrderRequest[] orders)
    {
        if (_orderListsByClientId.TryGetValue(listClientOrderId, out var existing) && !existing.IsDone)
        {
            throw new MockApiException(-2010, "Duplicate order sent.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            if (!ids.Add(order.ClientOrderId!) || (s.ByClientOrderId.TryGetValue(order.ClientOrderId!, out var open) && open.IsOpen))
            {
                throw new MockApiException(-2010, "Duplicate order sent.");
            }
        }

        foreach (var order in orders)
        {
            Validate(s, order);
        }

        if (s.MaxNumOrders > 0 && s.AccountOrders.Count(static o => o.IsOpen) + orders.Length > s.MaxNumOrders)
        {
            throw new MockApiException(-1013, "Filter failure: MAX_NUM_ORDERS");
        }

        if (s.Rules.GetFilter<MaxNumOrderListsFilter>() is { } maxLists && _orderLists.Count(l => !l.IsDone && ReferenceEquals(l.Book, s.Book)) >= maxLists.MaxNumOrderLists)
        {
            // filters.md: the open order lists of the account on the symbol (an OTOCO counts as one).
            throw new MockApiException(-1013, "Filter failure: MAX_NUM_ORDER_LISTS");
        }
    }

    private static void ThrowIfRejected(PlaceOutcome outcome)
    {
        switch (outcome)
        {
            case PlaceOutcome.InsufficientBalance:
                throw MockApiException.InsufficientBalance();
            case PlaceOutcome.WouldMatchAndTake:
                throw new MockApiException(-2010, "Order would immediately match and take.");
            case PlaceOutcome.WouldTriggerImmediately:
                throw new MockApiException(-2010, "Order would trigger immediately.");
        }
    }

    private void Register(MockSymbol s, EngineOrderList list, string listClientOrderId, (long? Id, int? Type)[] strategies)
    {
        list.ListClientOrderId = listClientOrderId;
        _orderLists.Add(list);
        _orderListsById[list.Id] = list;
        _orderListsByClientId[listClientOrderId] = list;
        for (var i = 0; i < list.Orders.Count; i++)
        {
            var order = list.Orders[i];
            s.AccountOrders.Add(order);
            s.ByClientOrderId[order.ClientOrderId] = order;
            _accountOrders[order.Id] = order;
            _ordersCreated[order.ClientOrderId] = _ordersCreated.GetValueOrDefault(order.ClientOrderId) + 1;
            if (i < strategies.Length && strategies[i] is { Id: not null } or { Type: not null })
            {
                _strategies[order.Id] = strategies[i];
            }
        }
    }

    /// <summary>Finds an order list by id (then checks the client id) or by list client id. Caller holds the lock.</summary>
    /// <param name="orderListId">The list id.</param>
    /// <param name="listClientOrderId">The list client id.</param>
    /// <param name="symbol">The symbol the list must trade, or null.</param>
    /// <returns>The list, or null.</returns>
    internal EngineOrderList? FindOrderList(long? orderListId, string? listClientOrderId, MockSymbol? symbol)
    {
        var list = orderListId is { } id ? _orderListsById.GetValueOrDefault(id)
            : listClientOrderId is not null ? _orderListsByClientId.GetValueOrDefault(listClientOrderId)
            : null;
        if (list is not null && orderListId is not null && listClientOrderId is not null && list.ListClientOrderId != listClientOrderId)
        {
            return null;
        }

        return list is not null && (symbol is null || ReferenceEquals(list.Book, symbol.Book)) ? list : null;
    }

    /// <summary>Cancels every open order of a list; -2011 when it is unknown or done. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="orderListId">The list id.</param>
    /// <param name="listClientOrderId">The list client id.</param>
    /// <returns>The canceled list.</returns>
    internal EngineOrderList CancelOrderList(MockSymbol s, long? orderListId, string? listClientOrderId)
    {
        var list = FindOrderList(orderListId, listClientOrderId, s) ?? throw new MockApiException(-2011, "Order list does not exist.");
        var now = NowMs;
        if (!Engine.CancelList(list, now))
        {
            throw new MockApiException(-2011, "Unknown order sent.");
        }

        Publish(now, isStep: false);
        return list;
    }

    private static OrderSpec Spec(OrderRequest request) => new(
        MatchingEngine.AccountOwner,
        request.Side,
        request.Type,
        request.TimeInForce ?? TimeInForce.Gtc,
        request.Price ?? 0m,
        request.StopPrice ?? 0m,
        request.Quantity ?? 0m,
        0m,
        request.ClientOrderId!)
    {
        IcebergQuantity = request.IcebergQuantity ?? 0m,
    };
}
