using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>Receives the account's user data events. Called under the exchange's lock: hand the event off and return.</summary>
internal interface IUserDataListener
{
    /// <summary>One event object (<c>{"e":"executionReport",…}</c>), in engine order.</summary>
    /// <param name="eventObject">The UTF-8 JSON event object, without the subscription wrapper.</param>
    void OnUserData(byte[] eventObject);
}

/// <summary>
/// The account's user data stream of the in-memory Binance. After every exchange operation (placement, cancel,
/// amend, list, simulator step) it compares the account's orders with what it last reported and turns the difference
/// into Binance's events, in engine order: cancels and amendments of known orders, new orders (<c>NEW</c>, pending
/// list orders <c>PENDING_NEW</c>), each trade of an account order in trade-id order (<c>TRADE</c> with its trade id,
/// price, quantity, commission and maker flag), activations, expiries and cancels the trades caused, then
/// <c>listStatus</c> of new and finished lists, then one <c>outboundAccountPosition</c> with the assets of the symbols
/// touched. The engine itself stays unaware of JSON and of subscribers.
/// </summary>
/// <remarks>
/// The mock has no self-trade prevention and no runtime deposits: no <c>v/A/B/…</c> prevented-match fields are ever
/// set and no <c>balanceUpdate</c> is produced. A cancel's <c>c</c> is the order's own client id (the mock does not keep
/// the cancel request's id). Not thread-safe: called under the exchange's lock.
/// </remarks>
internal sealed class UserDataFeed
{
    private readonly MockExchange _exchange;
    private readonly Dictionary<long, Tracked> _open = [];
    private readonly Dictionary<MockSymbol, (int Orders, long TradeId)> _cursors = [];
    private readonly HashSet<EngineOrderList> _openLists = [];
    private IUserDataListener[] _listeners = [];
    private int _listsSeen;
    private long _nextExecutionId = 1;

    /// <summary>Creates the feed; what exists now counts as reported. Caller holds the exchange's lock.</summary>
    /// <param name="exchange">The exchange.</param>
    public UserDataFeed(MockExchange exchange)
    {
        _exchange = exchange;
        foreach (var s in exchange.SymbolStates)
        {
            foreach (var o in s.AccountOrders)
            {
                if (!IsTerminal(o.Status))
                {
                    _open[o.Id] = new Tracked(o);
                }
            }

            _cursors[s] = (s.AccountOrders.Count, s.Book.LastTradeId);
        }

        foreach (var list in exchange.OrderLists)
        {
            if (!list.IsDone)
            {
                _openLists.Add(list);
            }
        }

        _listsSeen = exchange.OrderLists.Count;
    }

    /// <summary>Events produced so far.</summary>
    public long EventsProduced { get; private set; }

    /// <summary>Starts delivering events to <paramref name="listener"/>.</summary>
    /// <param name="listener">The listener.</param>
    /// <returns>Dispose to stop.</returns>
    public IDisposable Subscribe(IUserDataListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_exchange.Gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    /// <summary>Turns what changed since the last call into events. Caller holds the exchange's lock.</summary>
    /// <param name="now">The time of the operation (ms).</param>
    public void Collect(long now)
    {
        List<byte[]>? events = null;
        var touched = new List<MockSymbol>();
        var newLists = new List<EngineOrderList>();
        for (var i = _listsSeen; i < _exchange.OrderLists.Count; i++)
        {
            newLists.Add(_exchange.OrderLists[i]);
        }

        _listsSeen = _exchange.OrderLists.Count;

        foreach (var s in _exchange.SymbolStates)
        {
            var (ordersSeen, tradeCursor) = _cursors.GetValueOrDefault(s, (0, s.Book.LastTradeId));
            var book = s.Book;
            var newOrders = s.AccountOrders.Count > ordersSeen ? s.AccountOrders.GetRange(ordersSeen, s.AccountOrders.Count - ordersSeen) : null;
            var trades = new List<(EngineTrade Trade, EngineOrder Order, bool IsBuyer)>();
            for (var id = Math.Max(tradeCursor + 1, book.OldestTradeId); id <= book.LastTradeId; id++)
            {
                ref readonly var t = ref book.GetTrade(id);
                if (_exchange.FindAccountOrder(t.BuyerOrderId) is { Owner: MatchingEngine.AccountOwner } buyer)
                {
                    trades.Add((t, buyer, true));
                }

                if (_exchange.FindAccountOrder(t.SellerOrderId) is { Owner: MatchingEngine.AccountOwner } seller)
                {
                    trades.Add((t, seller, false));
                }
            }

            _cursors[s] = (s.AccountOrders.Count, book.LastTradeId);
            if (newOrders is null && trades.Count == 0 && !HasChanges(s))
            {
                continue;
            }

            events ??= [];
            var before = events.Count;
            Emit(s, newOrders, trades, now, events);
            if (events.Count > before)
            {
                touched.Add(s);
            }
        }

        foreach (var list in newLists)
        {
            (events ??= []).Add(UserDataEventWriter.ListStatus(list, list.Book.Symbol, now));
            if (!list.IsDone)
            {
                _openLists.Add(list);
            }
        }

        if (_openLists.Count > 0)
        {
            foreach (var list in _openLists.Where(l => l.IsDone && !newLists.Contains(l)).ToList())
            {
                (events ??= []).Add(UserDataEventWriter.ListStatus(list, list.Book.Symbol, now));
                _openLists.Remove(list);
            }

            _openLists.RemoveWhere(static l => l.IsDone);
        }

        if (touched.Count > 0)
        {
            events!.Add(UserDataEventWriter.AccountPosition(now, now, Balances(touched)));
        }

        if (events is null || events.Count == 0)
        {
            return;
        }

        EventsProduced += events.Count;
        var listeners = _listeners;
        foreach (var e in events)
        {
            foreach (var listener in listeners)
            {
                listener.OnUserData(e);
            }
        }
    }

    private bool HasChanges(MockSymbol s)
    {
        foreach (var tracked in _open.Values)
        {
            if (ReferenceEquals(tracked.Order.Book, s.Book) && tracked.HasChanged)
            {
                return true;
            }
        }

        return false;
    }

    private void Emit(MockSymbol s, List<EngineOrder>? newOrders, List<(EngineTrade Trade, EngineOrder Order, bool IsBuyer)> trades, long now, List<byte[]> events)
    {
        var traded = new HashSet<long>();
        var tradedLists = new HashSet<EngineOrderList>();
        foreach (var (_, order, _) in trades)
        {
            traded.Add(order.Id);
            if (order.List is { } list)
            {
                tradedLists.Add(list);
            }
        }

        var known = _open.Values.Where(t => ReferenceEquals(t.Order.Book, s.Book)).OrderBy(t => t.Order.Id).ToList();

        // 1. What the request did to orders already reported: cancels (a cancel-replace cancels before it places) and amendments.
        foreach (var tracked in known)
        {
            var o = tracked.Order;
            if (o.Status == OrderStatus.Canceled && !traded.Contains(o.Id) && (o.List is null || !tradedLists.Contains(o.List)))
            {
                events.Add(Report(s, tracked, "CANCELED", OrderStatus.Canceled, now));
            }
            else if (o.Quantity != tracked.Quantity && o.IsOpen && !o.ByQuote)
            {
                tracked.Quantity = o.Quantity;
                events.Add(Report(s, tracked, "REPLACED", o.Status, now, clientOrderId: o.ClientOrderId, original: tracked.ClientOrderId));
                tracked.ClientOrderId = o.ClientOrderId;
            }
        }

        // 2. New orders, as placed.
        if (newOrders is not null)
        {
            foreach (var o in newOrders)
            {
                var pending = o.List is { WorkingOrderId: not 0 } list && list.WorkingOrderId != o.Id;
                var tracked = new Tracked(o) { Status = pending ? OrderStatus.PendingNew : OrderStatus.New, Executed = 0m, CumulativeQuote = 0m };
                if (o.ByQuote)
                {
                    tracked.Quantity = 0m;
                }

                _open[o.Id] = tracked;
                known.Add(tracked);
                events.Add(Report(s, tracked, "NEW", tracked.Status, now, working: !pending && o.IsWorking));
            }
        }

        // 3. Trades, in trade-id order.
        var lastTradeOf = new Dictionary<long, long>();
        foreach (var (t, order, _) in trades)
        {
            lastTradeOf[order.Id] = t.Id;
        }

        foreach (var (t, order, isBuyer) in trades)
        {
            if (!_open.TryGetValue(order.Id, out var tracked))
            {
                continue; // already reported as done
            }

            if (tracked.Status == OrderStatus.PendingNew)
            {
                tracked.Status = OrderStatus.New;
                events.Add(Report(s, tracked, "NEW", OrderStatus.New, now, working: true));
            }

            var isMaker = isBuyer == t.IsBuyerMaker;
            var rate = isMaker ? _exchange.Engine.AccountMakerRate : _exchange.Engine.AccountTakerRate;
            var quote = t.Price * t.Quantity;
            var commission = rate == 0m ? 0m : decimal.Round((isBuyer ? t.Quantity : quote) * rate, 8, MidpointRounding.ToZero);
            var asset = _exchange.Engine.Ledger.Assets[isBuyer ? s.Book.BaseAsset : s.Book.QuoteAsset];
            tracked.Executed += t.Quantity;
            tracked.CumulativeQuote += quote;
            var final = lastTradeOf[order.Id] == t.Id && order.Status == OrderStatus.Filled;
            var status = final ? OrderStatus.Filled : OrderStatus.PartiallyFilled;
            tracked.Status = status;
            if (final && order.ByQuote)
            {
                tracked.Quantity = order.Quantity;
            }

            events.Add(Report(s, tracked, "TRADE", status, t.Time, lastQuantity: t.Quantity, lastPrice: t.Price, commission: commission,
                commissionAsset: asset, tradeId: t.Id, isMaker: isMaker, working: !final && order.IsWorking && order.HasLimitPrice && order.TimeInForce == TimeInForce.Gtc, eventTime: now));
        }

        // 4. Activations and the ends the request or its trades caused.
        foreach (var tracked in known)
        {
            var o = tracked.Order;
            if (tracked.Status == OrderStatus.PendingNew && o.Status != OrderStatus.PendingNew)
            {
                tracked.Status = OrderStatus.New;
                events.Add(Report(s, tracked, "NEW", OrderStatus.New, now, working: o.IsWorking));
            }

            if (!IsTerminal(o.Status))
            {
                if (o.Quantity != tracked.Quantity && !o.ByQuote && tracked.Status != OrderStatus.PendingNew)
                {
                    tracked.Quantity = o.Quantity; // an OPO pending order learns its quantity when the working order fills
                }

                continue;
            }

            _open.Remove(o.Id);
            switch (o.Status)
            {
                case OrderStatus.Canceled when tracked.Status != OrderStatus.Canceled:
                    events.Add(Report(s, tracked, "CANCELED", OrderStatus.Canceled, now));
                    break;
                case OrderStatus.Expired:
                    events.Add(Report(s, tracked, "EXPIRED", OrderStatus.Expired, now, expiryReason: ExpiryReason(o)));
                    break;
                case OrderStatus.ExpiredInMatch:
                    events.Add(Report(s, tracked, "TRADE_PREVENTION", OrderStatus.ExpiredInMatch, now));
                    break;
                case OrderStatus.Rejected:
                    events.Add(Report(s, tracked, "REJECTED", OrderStatus.Rejected, now));
                    break;
            }
        }
    }

    private MockExecutionReport ReportOf(MockSymbol s, Tracked tracked, string executionType, OrderStatus status, long time, string? clientOrderId, string? original)
    {
        var o = tracked.Order;
        var (strategyId, strategyType) = _exchange.StrategyOf(o.Id);
        return new MockExecutionReport
        {
            Order = o,
            Symbol = s.Rules.Symbol,
            ClientOrderId = clientOrderId ?? o.ClientOrderId,
            OriginalClientOrderId = original ?? (executionType == "CANCELED" ? o.ClientOrderId : string.Empty),
            ExecutionType = executionType,
            Status = status,
            Quantity = tracked.Quantity,
            CumulativeQuantity = tracked.Executed,
            CumulativeQuote = tracked.CumulativeQuote,
            TransactionTime = time,
            ExecutionId = _nextExecutionId++,
            WorkingTime = o.WorkingTime >= 0 && status != OrderStatus.PendingNew ? o.WorkingTime : null,
            StrategyId = strategyId,
            StrategyType = strategyType,
        };
    }

    private byte[] Report(
        MockSymbol s,
        Tracked tracked,
        string executionType,
        OrderStatus status,
        long time,
        decimal lastQuantity = 0m,
        decimal lastPrice = 0m,
        decimal commission = 0m,
        string? commissionAsset = null,
        long tradeId = -1,
        bool isMaker = false,
        bool working = false,
        string? expiryReason = null,
        string? clientOrderId = null,
        string? original = null,
        long? eventTime = null)
    {
        tracked.Status = status;
        var report = ReportOf(s, tracked, executionType, status, time, clientOrderId, original) with
        {
            LastQuantity = lastQuantity,
            LastPrice = lastPrice,
            Commission = commission,
            CommissionAsset = commissionAsset,
            TradeId = tradeId,
            IsMaker = isMaker,
            IsWorking = working,
            ExpiryReason = expiryReason,
        };
        return UserDataEventWriter.MockExecutionReport(report, eventTime ?? time);
    }

    private static string? ExpiryReason(EngineOrder o) => o switch
    {
        { List: { ContingencyType: ContingencyType.Oco } } => "OCO_TRIGGER",
        { List: { WorkingOrderId: not 0 } list } when list.WorkingOrderId != o.Id => "OTO_PHASE_ONE_EXPIRED",
        { TimeInForce: TimeInForce.Fok } => "UNFILLED_FOK_ORDER_EXPIRED",
        { TimeInForce: TimeInForce.Ioc } => "UNFILLED_IOC_QUANTITY_EXPIRED",
        { Type: OrderType.Market } => "INSUFFICIENT_LIQUIDITY",
        _ => null,
    };

    private List<(string Asset, decimal Free, decimal Locked)> Balances(List<MockSymbol> symbols)
    {
        var ledger = _exchange.Engine.Ledger;
        var assets = new List<int>();
        foreach (var s in symbols)
        {
            if (!assets.Contains(s.Book.BaseAsset))
            {
                assets.Add(s.Book.BaseAsset);
            }

            if (!assets.Contains(s.Book.QuoteAsset))
            {
                assets.Add(s.Book.QuoteAsset);
            }
        }

        return assets.Select(a => (ledger.Assets[a], ledger.Free(MatchingEngine.AccountOwner, a), ledger.Locked(MatchingEngine.AccountOwner, a))).ToList();
    }

    private static bool IsTerminal(OrderStatus status) =>
        status is OrderStatus.Filled or OrderStatus.Canceled or OrderStatus.Expired or OrderStatus.ExpiredInMatch or OrderStatus.Rejected;

    private void Unsubscribe(IUserDataListener listener)
    {
        lock (_exchange.Gate)
        {
            _listeners = [.. _listeners.Where(l => !ReferenceEquals(l, listener))];
        }
    }

    /// <summary>What was last reported of an open order.</summary>
    private sealed class Tracked(EngineOrder order)
    {
        public EngineOrder Order { get; } = order;

        public OrderStatus Status { get; set; } = order.Status;

        public decimal Executed { get; set; } = order.Executed;

        public decimal CumulativeQuote { get; set; } = order.CumulativeQuote;

        public decimal Quantity { get; set; } = order.Quantity;

        public string ClientOrderId { get; set; } = order.ClientOrderId;

        public bool HasChanged => Order.Status != Status || Order.Executed != Executed || Order.Quantity != Quantity;
    }

    private sealed class Subscription(UserDataFeed owner, IUserDataListener listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(listener);
            }
        }
    }
}
