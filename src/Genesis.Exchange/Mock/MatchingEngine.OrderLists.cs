using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// Order lists in the engine. An OCO locks the funds of its costlier order once for the list; the order that rests on
/// the book holds its own share. When one order executes (a fill) or triggers, the others expire and the list's funds
/// move to the order that trades, so the account never pays twice for one list. An OTO (OTOCO) places its working order
/// at once and holds its pending order (OCO pair) as PENDING_NEW, locking nothing for it, until the working order is fully
/// filled; then the pending order(s) go on the book as a single order (an OCO pair) would.
/// </summary>
internal sealed partial class MatchingEngine
{
    private readonly Queue<EngineOrderList> _activations = new();
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

        var need = Math.Max(NeedOf(first.Side, first.Type, first.Price, first.StopPrice, first.Quantity), NeedOf(second.Side, second.Type, second.Price, second.StopPrice, second.Quantity));
        if (Ledger.Free(first.Owner, first.Side == OrderSide.Buy ? book.QuoteAsset : book.BaseAsset) < need)
        {
            return PlaceOutcome.InsufficientBalance;
        }

        var l = new EngineOrderList { Id = _nextOrderListId++, ContingencyType = ContingencyType.Oco, Book = book, Owner = first.Owner, Time = time, UpdateTime = time };
        var a = NewListOrder(book, first, time, l);
        var b = NewListOrder(book, second, time, l);
        l.Orders.Add(a);
        l.Orders.Add(b);
        LockAndRestPair(l, a, b, time);
        list = l;
        return PlaceOutcome.Accepted;
    }

    /// <summary>
    /// Places an OTO (one pending order) or an OTOCO (a pending OCO pair): the working order is placed like a single
    /// order; the pending orders get their ids now and wait as PENDING_NEW, holding no funds, until it is fully filled.
    /// </summary>
    /// <param name="book">The book.</param>
    /// <param name="working">The working order (LIMIT or LIMIT_MAKER).</param>
    /// <param name="pending">The pending order, or the pending pair (its stop-loss order first).</param>
    /// <param name="time">The time (ms).</param>
    /// <param name="list">The accepted list, or null when rejected.</param>
    /// <param name="paysOther">
    /// OPO/OPOCO: what the working order receives is locked for the pending orders, whose quantity becomes that amount
    /// (rounded down to the lot step; the rest is unlocked) once the working order is fully filled.
    /// </param>
    /// <returns>The outcome (of the working order's placement).</returns>
    public PlaceOutcome PlaceOto(LimitOrderBook book, in OrderSpec working, OrderSpec[] pending, long time, out EngineOrderList? list, bool paysOther = false)
    {
        list = null;
        var l = new EngineOrderList
        {
            Id = _nextOrderListId, ContingencyType = ContingencyType.Oto, Book = book, Owner = working.Owner, Time = time, UpdateTime = time, PaysOther = paysOther,
        };

        // The working order takes the next id, its pending orders the ones after it; they exist before the working order
        // can fill, so a fill at placement activates them.
        var workingId = _nextOrderId;
        l.WorkingOrderId = workingId;
        var waiting = new EngineOrder[pending.Length];
        for (var i = 0; i < pending.Length; i++)
        {
            waiting[i] = NewListOrder(book, pending[i], time, l);
            waiting[i].Id = workingId + 1 + i;
            waiting[i].Status = OrderStatus.PendingNew;
            waiting[i].IsWorking = false;
            waiting[i].WorkingTime = -1;
        }

        _nextOrderId = workingId;
        l.Orders.AddRange(waiting);
        var outcome = Place(book, working with { List = l }, time, out var placed);
        if (outcome != PlaceOutcome.Accepted)
        {
            return outcome;
        }

        _nextOrderListId++;
        _nextOrderId = workingId + 1 + pending.Length;
        l.Orders.Insert(0, placed!);
        if (placed!.Status == OrderStatus.Expired)
        {
            // The working order ended without filling completely (IOC, FOK): its pending orders never start.
            ExpirePending(l, time);
        }

        list = l;
        return PlaceOutcome.Accepted;
    }

    /// <summary>Locks the larger need of an OCO pair once; the LIMIT_MAKER rests with its share, stops wait untriggered.</summary>
    private bool LockAndRestPair(EngineOrderList l, EngineOrder a, EngineOrder b, long time)
    {
        var book = l.Book;
        var spendAsset = a.Side == OrderSide.Buy ? book.QuoteAsset : book.BaseAsset;
        var need = Math.Max(NeedOf(a.Side, a.Type, a.Price, a.StopPrice, a.Quantity), NeedOf(b.Side, b.Type, b.Price, b.StopPrice, b.Quantity));
        if (!Ledger.TryLock(l.Owner, spendAsset, need))
        {
            return false;
        }

        l.Locked += need;
        l.LockedAsset = spendAsset;
        foreach (var o in (ReadOnlySpan<EngineOrder>)[a, b])
        {
            o.Status = OrderStatus.New;
            if (o.IsStop)
            {
                o.IsWorking = false;
                o.WorkingTime = -1;
                book.Stops.Add(o);
                continue;
            }

            // A LIMIT_MAKER that does not take rests at once, holding its own share of the list's funds.
            var share = Math.Min(l.Locked, NeedOf(o.Side, o.Type, o.Price, o.StopPrice, o.Quantity));
            o.Locked = share;
            l.Locked -= share;
            o.IsWorking = true;
            o.WorkingTime = time;
            Finish(book, o, constrained: false, time);
        }

        return true;
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

    /// <summary>
    /// A list order traded. An OTO's working order activates the pending orders once fully filled (after the current
    /// placement, see <see cref="ActivatePendingOrders"/>). Any other list order is one of an OCO pair: the others expire
    /// and the funds no order holds are released.
    /// </summary>
    private void OnListOrderExecuted(EngineOrder order, decimal received, long time)
    {
        var list = order.List!;
        if (order.Id == list.WorkingOrderId)
        {
            if (list.PaysOther && received > 0m && Ledger.TryLock(list.Owner, list.Book.BaseAsset, received))
            {
                // OPO: what the working order receives is locked for its pending orders.
                list.Locked += received;
                list.LockedAsset = list.Book.BaseAsset;
            }

            if (order.Executed == order.Quantity && list.Orders.Exists(static o => o.Status == OrderStatus.PendingNew) && !_activations.Contains(list))
            {
                _activations.Enqueue(list);
            }

            return;
        }

        ExpireOthers(list, order, time);
        ReleaseList(list);
    }

    /// <summary>
    /// Puts the pending orders of OTOs whose working order filled on the book: one pending order as a single order, two
    /// as an OCO pair. An order that cannot be placed (not enough funds, a LIMIT_MAKER that would take) expires. Runs at
    /// the end of a placement, never inside matching.
    /// </summary>
    private void ActivatePendingOrders(long time)
    {
        while (_activations.TryDequeue(out var list))
        {
            var pending = list.Orders.FindAll(static o => o.Status == OrderStatus.PendingNew);
            if (list.PaysOther)
            {
                // The pending orders sell what the working order received, on the lot step; the rest goes back to free.
                var quantity = FloorStep(list.Locked, list.Book.StepSize);
                ReleaseList(list);
                foreach (var o in pending)
                {
                    o.Quantity = quantity;
                }

                if (quantity <= 0m)
                {
                    ExpirePending(list, time);
                    continue;
                }
            }

            if (pending.Count == 1)
            {
                Activate(pending[0], time);
            }
            else if (pending.Count == 2)
            {
                var a = pending[0];
                var b = pending[1];
                if (WouldTake(a) || WouldTake(b) || !LockAndRestPair(list, a, b, time))
                {
                    ExpirePending(list, time);
                }
            }

            list.UpdateTime = time;
            ProcessStops(list.Book, time);
        }
    }

    /// <summary>Places one pending order as <see cref="Place"/> would place it, keeping its id.</summary>
    private void Activate(EngineOrder o, long time)
    {
        var book = o.Book;
        var isBuy = o.Side == OrderSide.Buy;
        var opposite = book.Side(!isBuy);
        decimal need;
        if (o.Type == OrderType.Market)
        {
            need = isBuy ? ProbeCost(opposite, isBuy, 0m, o.Quantity, out _) : o.Quantity;
        }
        else
        {
            need = NeedOf(o.Side, o.Type, o.Price, o.StopPrice, o.Quantity);
        }

        var asset = isBuy ? book.QuoteAsset : book.BaseAsset;
        if (WouldTake(o) || !Ledger.TryLock(o.Owner, asset, need))
        {
            o.Status = OrderStatus.Expired;
            o.UpdateTime = time;
            return;
        }

        o.Locked = need;
        o.Status = OrderStatus.New;
        o.UpdateTime = time;
        if (o.IsStop)
        {
            book.Stops.Add(o);
            return;
        }

        o.IsWorking = true;
        o.WorkingTime = time;
        if (o.TimeInForce == TimeInForce.Fok && ProbeQuantity(opposite, isBuy, o.HasLimitPrice ? o.Price : 0m, o.Quantity) < o.Quantity)
        {
            o.Status = OrderStatus.Expired;
            Release(book, o);
            return;
        }

        var constrained = Match(book, o, time);
        Finish(book, o, constrained, time);
    }

    private static bool WouldTake(EngineOrder o) =>
        o.Type == OrderType.LimitMaker && o.Book.Side(o.Side != OrderSide.Buy).Best is { } best && (o.Side == OrderSide.Buy ? best.Price <= o.Price : best.Price >= o.Price);

    private static void ExpirePending(EngineOrderList list, long time)
    {
        foreach (var o in list.Orders)
        {
            if (o.Status == OrderStatus.PendingNew)
            {
                o.Status = OrderStatus.Expired;
                o.UpdateTime = time;
            }
        }

        list.UpdateTime = time;
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
            Ledger.Unlock(list.Owner, list.LockedAsset, list.Locked);
            list.Locked = 0m;
        }
    }
}
