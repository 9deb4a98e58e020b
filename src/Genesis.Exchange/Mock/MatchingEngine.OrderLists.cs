using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// Order lists in the engine. An OCO locks the funds of its costlier order once for the list; the order that rests on
/// the book holds its own share. When one order executes (a fill) or triggers, the others expire and the list's funds
/// move to the order that trades, so the account never pays twice for one list.
/// </summary>
internal sealed partial class MatchingEngine
{
    private long _nextOrderListId = 1;

    /// <summary>
    /// Places an OCO: both orders are checked first (a LIMIT_MAKER that would take, a stop that would trigger at once),
    /// then the larger of their needs is locked once and the orders go on the book (stop orders wait untriggered).
    /// </summary>
    /// <param name="book">The book.</param>
    /// <param name="first">The first order (the lower id; Binance reports the below order first).</param>
    /// <param name="second">The second order.</param>
    /// <param name="time">The time (ms).</param>
    /// <param name="list">The accepted list, or null when rejected.</param>
    /// <returns>The outcome.</returns>
    public PlaceOutcome PlaceOco(LimitOrderBook book, in OrderSpec first, in OrderSpec second, long time, out EngineOrderList? list)
    {
        list = null;
        var check = CheckListOrder(book, first);
        if (check != PlaceOutcome.Accepted)
        {
            return check;
        }

        check = CheckListOrder(book, second);
        if (check != PlaceOutcome.Accepted)
        {
            return check;
        }

        var isBuy = first.Side == OrderSide.Buy;
        var spendAsset = isBuy ? book.QuoteAsset : book.BaseAsset;
        var need = Math.Max(NeedOf(first.Side, first.Type, first.Price, first.StopPrice, first.Quantity), NeedOf(second.Side, second.Type, second.Price, second.StopPrice, second.Quantity));
        if (!Ledger.TryLock(first.Owner, spendAsset, need))
        {
            return PlaceOutcome.InsufficientBalance;
        }

        var l = new EngineOrderList { Id = _nextOrderListId++, ContingencyType = ContingencyType.Oco, Book = book, Owner = first.Owner, Locked = need, Time = time, UpdateTime = time };
        l.Orders.Add(NewListOrder(book, first, time, l));
        l.Orders.Add(NewListOrder(book, second, time, l));
        foreach (var o in l.Orders)
        {
            if (o.IsStop)
            {
                book.Stops.Add(o);
                continue;
            }

            // A LIMIT_MAKER that does not take rests at once, holding its own share of the list's funds.
            var share = Math.Min(l.Locked, NeedOf(o.Side, o.Type, o.Price, o.StopPrice, o.Quantity));
            o.Locked = share;
            l.Locked -= share;
            Finish(book, o, constrained: false, time);
        }

        list = l;
        return PlaceOutcome.Accepted;
    }

    /// <summary>Cancels every open order of a list and releases the list's funds.</summary>
    /// <param name="list">The list.</param>
    /// <param name="time">The time (ms).</param>
    /// <returns>False when the list was already done.</returns>
    public bool CancelList(EngineOrderList list, long time)
    {
        if (list.IsDone)
        {
            return false;
        }

        foreach (var o in list.Orders)
        {
            if (o.Status == OrderStatus.PendingNew)
            {
                o.Status = OrderStatus.Canceled;
                o.UpdateTime = time;
            }
            else
            {
                Cancel(o, time);
            }
        }

        ReleaseList(list);
        list.UpdateTime = time;
        return true;
    }

    /// <summary>What an order locks when it is accepted: quote for buys (stop-market buys at the stop price), base for sells.</summary>
    private static decimal NeedOf(OrderSide side, OrderType type, decimal price, decimal stopPrice, decimal quantity) =>
        side == OrderSide.Buy ? (type is OrderType.StopLoss or OrderType.TakeProfit ? stopPrice : price) * quantity : quantity;

    private static PlaceOutcome CheckListOrder(LimitOrderBook book, in OrderSpec spec)
    {
        var isBuy = spec.Side == OrderSide.Buy;
        var isStop = spec.Type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
        if (spec.Quantity <= 0 || (spec.Type is OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit && spec.Price <= 0) || (isStop && spec.StopPrice <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "A list order needs a positive quantity, limit orders a positive price and stop orders a positive stop price.");
        }

        if (spec.Type == OrderType.LimitMaker && book.Side(!isBuy).Best is { } best && (isBuy ? best.Price <= spec.Price : best.Price >= spec.Price))
        {
            return PlaceOutcome.WouldMatchAndTake;
        }

        return isStop && book.LastPrice > 0 && IsTriggered(spec.Type, isBuy, spec.StopPrice, book.LastPrice)
            ? PlaceOutcome.WouldTriggerImmediately
            : PlaceOutcome.Accepted;
    }

    private EngineOrder NewListOrder(LimitOrderBook book, in OrderSpec spec, long time, EngineOrderList list)
    {
        var isStop = spec.Type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
        return new EngineOrder
        {
            Id = _nextOrderId++,
            ClientOrderId = spec.ClientOrderId,
            Owner = spec.Owner,
            Book = book,
            Side = spec.Side,
            Type = spec.Type,
            TimeInForce = spec.Type is OrderType.StopLoss or OrderType.TakeProfit or OrderType.LimitMaker ? TimeInForce.Gtc : spec.TimeInForce,
            Price = spec.Price,
            StopPrice = spec.StopPrice,
            Quantity = spec.Quantity,
            IcebergQuantity = spec.IcebergQuantity,
            Status = OrderStatus.New,
            Time = time,
            UpdateTime = time,
            WorkingTime = isStop ? -1 : time,
            IsWorking = !isStop,
            List = list,
        };
    }

    /// <summary>
    /// A list order triggered: the other orders expire, and the list's funds (including what they held) move to it, up
    /// to what it needs. Called before the triggered order matches.
    /// </summary>
    private void TakeOverListFunds(EngineOrder triggered, long time)
    {
        var list = triggered.List!;
        ExpireOthers(list, triggered, time);
        ReleaseList(list);
        var asset = triggered.Side == OrderSide.Buy ? list.Book.QuoteAsset : list.Book.BaseAsset;
        var need = NeedOf(triggered.Side, triggered.Type, triggered.Price, triggered.StopPrice, triggered.Remaining) - triggered.Locked;
        var take = Math.Min(Math.Max(need, 0m), Ledger.Free(triggered.Owner, asset));
        if (take > 0 && Ledger.TryLock(triggered.Owner, asset, take))
        {
            triggered.Locked += take;
        }
    }

    /// <summary>A list order traded: in an OCO the others expire and the funds no order holds are released.</summary>
    private void OnListOrderExecuted(EngineOrder order, long time)
    {
        var list = order.List!;
        if (list.ContingencyType != ContingencyType.Oco)
        {
            return;
        }

        ExpireOthers(list, order, time);
        ReleaseList(list);
    }

    private void ExpireOthers(EngineOrderList list, EngineOrder keep, long time)
    {
        foreach (var other in list.Orders)
        {
            if (!ReferenceEquals(other, keep) && Cancel(other, time))
            {
                other.Status = OrderStatus.Expired;
            }
        }

        list.UpdateTime = time;
    }

    private void ReleaseList(EngineOrderList list)
    {
        if (list.Locked != 0m)
        {
            var book = list.Book;
            Ledger.Unlock(list.Owner, list.Orders[0].Side == OrderSide.Buy ? book.QuoteAsset : book.BaseAsset, list.Locked);
            list.Locked = 0m;
        }
    }
}
