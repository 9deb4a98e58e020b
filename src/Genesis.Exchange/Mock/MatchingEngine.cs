using Genesis.Exchange.Models;

namespace Genesis.Exchange.Mock;

/// <summary>
/// A price-time priority matching engine over <see cref="LimitOrderBook"/>s and one <see cref="Ledger"/>. Funds an
/// order may spend are locked when it is accepted (quote for buys, base for sells), fills move them between
/// owners, and what is left is released when the order ends, so no balance can go negative. Independent of
/// JSON and of clocks: times are passed in. Not thread-safe: the owner serializes calls.
/// </summary>
internal sealed partial class MatchingEngine
{
    /// <summary>The simulated account.</summary>
    public const int AccountOwner = 0;

    /// <summary>The simulated market maker (the liquidity the account trades against).</summary>
    public const int MarketMakerOwner = 1;

    private readonly Dictionary<string, LimitOrderBook> _books = new(StringComparer.OrdinalIgnoreCase);
    private readonly decimal[] _makerRate;
    private readonly decimal[] _takerRate;
    private long _nextOrderId = 1;
    private bool _reportFills;

    /// <summary>Creates an engine with two owners (account and market maker).</summary>
    /// <param name="accountMakerRate">The account's maker commission rate.</param>
    /// <param name="accountTakerRate">The account's taker commission rate.</param>
    public MatchingEngine(decimal accountMakerRate, decimal accountTakerRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(accountMakerRate);
        ArgumentOutOfRangeException.ThrowIfNegative(accountTakerRate);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accountMakerRate, 1m);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accountTakerRate, 1m);
        _makerRate = [accountMakerRate, 0m];
        _takerRate = [accountTakerRate, 0m];
    }

    /// <summary>Balances and collected commission.</summary>
    public Ledger Ledger { get; } = new(2);

    /// <summary>The maker commission rate the engine charges the account on its fills.</summary>
    public decimal AccountMakerRate => _makerRate[AccountOwner];

    /// <summary>The taker commission rate the engine charges the account on its fills.</summary>
    public decimal AccountTakerRate => _takerRate[AccountOwner];

    /// <summary>Whether the account's trades are recorded in <see cref="LimitOrderBook.AccountTrades"/>. Default true.</summary>
    public bool KeepHistory { get; set; } = true;

    /// <summary>Fills of the last order passed to <see cref="Place"/> (not of stops it triggered).</summary>
    public List<EngineFill> LastFills { get; } = [];

    /// <summary>Books by symbol.</summary>
    public IReadOnlyDictionary<string, LimitOrderBook> Books => _books;

    /// <summary>Adds a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="baseAsset">The base asset.</param>
    /// <param name="quoteAsset">The quote asset.</param>
    /// <param name="stepSize">The LOT_SIZE step.</param>
    /// <returns>The book.</returns>
    public LimitOrderBook AddSymbol(string symbol, string baseAsset, string quoteAsset, decimal stepSize)
    {
        var book = new LimitOrderBook(symbol.ToUpperInvariant(), Ledger.GetOrAddAsset(baseAsset), Ledger.GetOrAddAsset(quoteAsset), stepSize);
        _books.Add(book.Symbol, book);
        return book;
    }

    /// <summary>The book of a symbol, or null.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The book or null.</returns>
    public LimitOrderBook? FindBook(string symbol) => _books.GetValueOrDefault(symbol);

    /// <summary>Places an order.</summary>
    /// <param name="book">The book.</param>
    /// <param name="spec">The order.</param>
    /// <param name="time">The time (ms).</param>
    /// <param name="order">The accepted order (filled, resting or expired), or null when rejected.</param>
    /// <returns>The outcome.</returns>
    public PlaceOutcome Place(LimitOrderBook book, in OrderSpec spec, long time, out EngineOrder? order)
    {
        LastFills.Clear();
        order = null;
        var isBuy = spec.Side == OrderSide.Buy;
        var type = spec.Type;
        var opposite = book.Side(!isBuy);
        var isStop = type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
        var byQuote = type == OrderType.Market && spec.QuoteQuantity > 0 && spec.Quantity <= 0;

        if (byQuote ? spec.QuoteQuantity <= 0 : spec.Quantity <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "An order needs a positive quantity (or quote quantity for MARKET).");
        }

        if ((type is OrderType.Limit or OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit && spec.Price <= 0) || (isStop && spec.StopPrice <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(spec), "Limit orders need a positive price and stop orders a positive stop price.");
        }

        if (type == OrderType.LimitMaker && opposite.Best is { } best && (isBuy ? best.Price <= spec.Price : best.Price >= spec.Price))
        {
            return PlaceOutcome.WouldMatchAndTake;
        }

        if (isStop && book.LastPrice > 0 && IsTriggered(type, isBuy, spec.StopPrice, book.LastPrice))
        {
            return PlaceOutcome.WouldTriggerImmediately;
        }

        decimal toLock;
        if (type == OrderType.Market)
        {
            if (byQuote)
            {
                toLock = isBuy ? spec.QuoteQuantity : ProbeBaseForQuote(opposite, spec.QuoteQuantity, book.StepSize);
            }
            else
            {
                toLock = isBuy ? ProbeCost(opposite, isBuy, 0m, spec.Quantity, out _) : spec.Quantity;
            }
        }
        else if (isBuy)
        {
            toLock = (type is OrderType.StopLoss or OrderType.TakeProfit ? spec.StopPrice : spec.Price) * spec.Quantity;
        }
        else
        {
            toLock = spec.Quantity;
        }

        var spendAsset = isBuy ? book.QuoteAsset : book.BaseAsset;
        if (Ledger.Free(spec.Owner, spendAsset) < toLock)
        {
            return PlaceOutcome.InsufficientBalance;
        }

        var o = new EngineOrder
        {
            Id = _nextOrderId++,
            ClientOrderId = spec.ClientOrderId,
            Owner = spec.Owner,
            Book = book,
            Side = spec.Side,
            Type = type,
            TimeInForce = type is OrderType.Market or OrderType.StopLoss or OrderType.TakeProfit or OrderType.LimitMaker ? TimeInForce.Gtc : spec.TimeInForce,
            Price = spec.Price,
            StopPrice = spec.StopPrice,
            Quantity = spec.Quantity,
            QuoteQuantity = byQuote ? spec.QuoteQuantity : 0m,
            IcebergQuantity = spec.IcebergQuantity,
            ByQuote = byQuote,
            Status = OrderStatus.New,
            Time = time,
            UpdateTime = time,
            WorkingTime = isStop ? -1 : time,
            IsWorking = !isStop,
            List = spec.List,
        };
        order = o;

        if (o.TimeInForce == TimeInForce.Fok && !isStop && ProbeQuantity(opposite, isBuy, o.Price, o.Quantity) < o.Quantity)
        {
            o.Status = OrderStatus.Expired;
            return PlaceOutcome.Accepted;
        }

        Ledger.TryLock(spec.Owner, spendAsset, toLock);
        o.Locked = toLock;

        if (isStop)
        {
            book.Stops.Add(o);
            return PlaceOutcome.Accepted;
        }

        _reportFills = true;
        var constrained = Match(book, o, time);
        _reportFills = false;
        Finish(book, o, constrained, time);
        ProcessStops(book, time);
        ActivatePendingOrders(time);
        return PlaceOutcome.Accepted;
    }

    /// <summary>Cancels an open order and releases its locked funds.</summary>
    /// <param name="order">The order.</param>
    /// <param name="time">The time (ms).</param>
    /// <returns>False when the order was not open.</returns>
    public bool Cancel(EngineOrder order, long time)
    {
        if (!order.IsOpen)
        {
            return false;
        }

        var book = order.Book;
        if (!order.IsWorking)
        {
            book.Stops.Remove(order);
        }
        else if (order.Level is { } level)
        {
            level.Total -= order.Remaining;
            level.Unlink(order);
            var isBid = order.Side == OrderSide.Buy;
            if (level.Count == 0)
            {
                book.Side(isBid).Remove(level);
            }

            book.Touch(isBid, order.Price);
        }

        Release(book, order);
        order.Status = OrderStatus.Canceled;
        order.UpdateTime = time;
        return true;
    }

    /// <summary>Whether a stop order of this type and side triggers at a last price.</summary>
    /// <param name="type">The stop type.</param>
    /// <param name="isBuy">Whether it buys.</param>
    /// <param name="stopPrice">The stop price.</param>
    /// <param name="lastPrice">The last trade price.</param>
    /// <returns>True when triggered.</returns>
    public static bool IsTriggered(OrderType type, bool isBuy, decimal stopPrice, decimal lastPrice)
    {
        var isStopLoss = type is OrderType.StopLoss or OrderType.StopLossLimit;

        // Stop loss: sell when the price falls to the stop, buy when it rises to it. Take profit: the reverse.
        return isStopLoss == isBuy ? lastPrice >= stopPrice : lastPrice <= stopPrice;
    }

    /// <summary>The quantity available against an order up to a limit price (0 = no limit), capped at <paramref name="wanted"/>.</summary>
    /// <param name="opposite">The side the order would take from.</param>
    /// <param name="isBuy">Whether the order buys.</param>
    /// <param name="limit">Limit price or 0.</param>
    /// <param name="wanted">The quantity wanted.</param>
    /// <returns>The available quantity.</returns>
    public static decimal ProbeQuantity(BookSide opposite, bool isBuy, decimal limit, decimal wanted)
    {
        var total = 0m;
        for (var i = 0; i < opposite.Count && total < wanted; i++)
        {
            var level = opposite.At(i);
            if (limit > 0 && (isBuy ? level.Price > limit : level.Price < limit))
            {
                break;
            }

            total += level.Total;
        }

        return Math.Min(total, wanted);
    }

    private static decimal ProbeCost(BookSide opposite, bool isBuy, decimal limit, decimal wanted, out decimal filled)
    {
        var cost = 0m;
        filled = 0m;
        for (var i = 0; i < opposite.Count && filled < wanted; i++)
        {
            var level = opposite.At(i);
            if (limit > 0 && (isBuy ? level.Price > limit : level.Price < limit))
            {
                break;
            }

            var qty = Math.Min(level.Total, wanted - filled);
            filled += qty;
            cost += qty * level.Price;
        }

        return cost;
    }

    private static decimal ProbeBaseForQuote(BookSide bids, decimal quote, decimal step)
    {
        var spentQuote = 0m;
        var baseQty = 0m;
        for (var i = 0; i < bids.Count; i++)
        {
            var level = bids.At(i);
            var qty = Math.Min(level.Total, FloorStep((quote - spentQuote) / level.Price, step));
            if (qty <= 0)
            {
                break;
            }

            baseQty += qty;
            spentQuote += qty * level.Price;
        }

        return baseQty;
    }

    private static decimal FloorStep(decimal value, decimal step) => decimal.Floor(value / step) * step;

    /// <summary>Matches an order against the opposite side; true when it stopped because of its own size, quote or funds.</summary>
    private bool Match(LimitOrderBook book, EngineOrder o, long time)
    {
        var isBuy = o.Side == OrderSide.Buy;
        var opposite = book.Side(!isBuy);
        var hasLimit = o.HasLimitPrice;
        var step = book.StepSize;
        while (true)
        {
            var level = opposite.Best;
            if (level is null)
            {
                return false;
            }

            var price = level.Price;
            if (hasLimit && (isBuy ? price > o.Price : price < o.Price))
            {
                return false;
            }

            var max = o.ByQuote ? FloorStep((o.QuoteQuantity - o.CumulativeQuote) / price, step) : o.Quantity - o.Executed;
            if (isBuy)
            {
                if (o.Locked < max * price)
                {
                    max = FloorStep(o.Locked / price, step);
                }
            }
            else if (o.Locked < max)
            {
                max = o.Locked;
            }

            if (max <= 0)
            {
                return true;
            }

            var maker = level.Head!;
            var qty = Math.Min(max, maker.Quantity - maker.Executed);
            Fill(book, o, maker, price, qty, time);
            level.Total -= qty;
            if (maker.Executed == maker.Quantity)
            {
                level.Unlink(maker);
                maker.Status = OrderStatus.Filled;
                Release(book, maker);
                if (level.Count == 0)
                {
                    opposite.Remove(level);
                }
            }

            book.Touch(!isBuy, price);
        }
    }

    private void Fill(LimitOrderBook book, EngineOrder taker, EngineOrder maker, decimal price, decimal qty, long time)
    {
        var quote = price * qty;
        var takerBuys = taker.Side == OrderSide.Buy;
        var buyer = takerBuys ? taker : maker;
        var seller = takerBuys ? maker : taker;
        var ledger = Ledger;

        // Buyer spends locked quote, receives base minus commission.
        var buyerRate = takerBuys ? _takerRate[buyer.Owner] : _makerRate[buyer.Owner];
        var buyerCommission = buyerRate == 0m ? 0m : decimal.Round(qty * buyerRate, 8, MidpointRounding.ToZero);
        ledger.Locked(buyer.Owner, book.QuoteAsset) -= quote;
        buyer.Locked -= quote;
        ledger.Free(buyer.Owner, book.BaseAsset) += qty - buyerCommission;

        // Seller spends locked base, receives quote minus commission.
        var sellerRate = takerBuys ? _makerRate[seller.Owner] : _takerRate[seller.Owner];
        var sellerCommission = sellerRate == 0m ? 0m : decimal.Round(quote * sellerRate, 8, MidpointRounding.ToZero);
        ledger.Locked(seller.Owner, book.BaseAsset) -= qty;
        seller.Locked -= qty;
        ledger.Free(seller.Owner, book.QuoteAsset) += quote - sellerCommission;

        if (buyerCommission != 0m)
        {
            ledger.Commission(book.BaseAsset) += buyerCommission;
        }

        if (sellerCommission != 0m)
        {
            ledger.Commission(book.QuoteAsset) += sellerCommission;
        }

        taker.Executed += qty;
        taker.CumulativeQuote += quote;
        taker.Status = OrderStatus.PartiallyFilled;
        taker.UpdateTime = time;
        maker.Executed += qty;
        maker.CumulativeQuote += quote;
        maker.Status = OrderStatus.PartiallyFilled;
        maker.UpdateTime = time;

        if (maker.List is not null)
        {
            OnListOrderExecuted(maker, takerBuys ? 0m : qty - buyerCommission, time);
        }

        if (taker.List is not null)
        {
            OnListOrderExecuted(taker, takerBuys ? qty - buyerCommission : 0m, time);
        }

        var tradeId = book.LastTradeId + 1;
        book.AddTrade(new EngineTrade(tradeId, price, qty, time, IsBuyerMaker: !takerBuys, buyer.Id, seller.Id));
        if (_reportFills)
        {
            LastFills.Add(takerBuys
                ? new EngineFill(price, qty, buyerCommission, book.BaseAsset, tradeId)
                : new EngineFill(price, qty, sellerCommission, book.QuoteAsset, tradeId));
        }

        if (KeepHistory)
        {
            if (buyer.Owner == AccountOwner)
            {
                book.AccountTrades.Add(new EngineAccountTrade(tradeId, buyer.Id, price, qty, quote, buyerCommission, book.BaseAsset, time, IsBuyer: true, IsMaker: !takerBuys));
            }

            if (seller.Owner == AccountOwner)
            {
                book.AccountTrades.Add(new EngineAccountTrade(tradeId, seller.Id, price, qty, quote, sellerCommission, book.QuoteAsset, time, IsBuyer: false, IsMaker: takerBuys));
            }
        }
    }

    /// <summary>After matching: fill, expire or rest the order, and release funds it no longer needs.</summary>
    private void Finish(LimitOrderBook book, EngineOrder o, bool constrained, long time)
    {
        o.UpdateTime = time;
        var rests = o.HasLimitPrice && o.TimeInForce == TimeInForce.Gtc;
        if (o.ByQuote)
        {
            o.Quantity = o.Executed;
            o.Status = o.Executed > 0 && constrained ? OrderStatus.Filled : OrderStatus.Expired;
        }
        else if (o.Executed == o.Quantity)
        {
            o.Status = OrderStatus.Filled;
        }
        else if (rests)
        {
            o.Status = o.Executed > 0 ? OrderStatus.PartiallyFilled : OrderStatus.New;
            var isBid = o.Side == OrderSide.Buy;
            book.Side(isBid).GetOrAdd(o.Price).Append(o);
            book.Touch(isBid, o.Price);
            if (isBid)
            {
                var needed = o.Price * o.Remaining;
                if (o.Locked > needed)
                {
                    Ledger.Unlock(o.Owner, book.QuoteAsset, o.Locked - needed);
                    o.Locked = needed;
                }
            }

            return;
        }
        else
        {
            o.Status = OrderStatus.Expired;
        }

        Release(book, o);
    }

    private void Release(LimitOrderBook book, EngineOrder o)
    {
        if (o.Locked != 0m)
        {
            Ledger.Unlock(o.Owner, o.Side == OrderSide.Buy ? book.QuoteAsset : book.BaseAsset, o.Locked);
            o.Locked = 0m;
        }
    }

    private void ProcessStops(LimitOrderBook book, long time)
    {
        var stops = book.Stops;
        while (stops.Count > 0 && book.LastPrice > 0)
        {
            EngineOrder? triggered = null;
            for (var i = 0; i < stops.Count; i++)
            {
                var s = stops[i];
                if (IsTriggered(s.Type, s.Side == OrderSide.Buy, s.StopPrice, book.LastPrice))
                {
                    triggered = s;
                    stops.RemoveAt(i);
                    break;
                }
            }

            if (triggered is null)
            {
                return;
            }

            triggered.IsWorking = true;
            triggered.WorkingTime = time;
            if (triggered.List is not null)
            {
                TakeOverListFunds(triggered, time);
            }

            var isBuy = triggered.Side == OrderSide.Buy;
            if (isBuy && !triggered.HasLimitPrice)
            {
                // A stop-market buy locked quantity × stop price; top up from free funds if the book costs more.
                var cost = ProbeCost(book.Asks, isBuy, 0m, triggered.Remaining, out _);
                if (cost > triggered.Locked)
                {
                    var extra = Math.Min(cost - triggered.Locked, Ledger.Free(triggered.Owner, book.QuoteAsset));
                    Ledger.TryLock(triggered.Owner, book.QuoteAsset, extra);
                    triggered.Locked += extra;
                }
            }

            if (triggered.TimeInForce == TimeInForce.Fok && triggered.HasLimitPrice
                && ProbeQuantity(book.Side(!isBuy), isBuy, triggered.Price, triggered.Remaining) < triggered.Remaining)
            {
                triggered.Status = OrderStatus.Expired;
                triggered.UpdateTime = time;
                Release(book, triggered);
                continue;
            }

            var constrained = Match(book, triggered, time);
            Finish(book, triggered, constrained, time);
        }
    }
}
