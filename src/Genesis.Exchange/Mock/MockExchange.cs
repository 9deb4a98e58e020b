using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Mock;

/// <summary>
/// An in-memory Binance Spot exchange: a price-time priority matching engine, one account (balances, orders,
/// trades), a simulated market maker whose quotes the account trades against, and a seeded random walk that moves
/// the market. Serve REST through <see cref="MockExchangeTransport"/>, streams through the in-memory stream server
/// (mock mode runs the real stream client over it) or <see cref="Subscribe"/>. Never opens a socket. Thread-safe: one lock.
/// </summary>
public sealed partial class MockExchange : IDisposable
{
    /// <summary>Starting funds of the market maker in every asset.</summary>
    internal const decimal MarketMakerFunds = 1_000_000_000_000m;

    private const int DefaultQuoteLevels = 20;
    private const long MinuteMs = 60_000;
    private const int MaxKlines = 5_000;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly List<MockSymbol> _symbols = [];
    private readonly Dictionary<string, MockSymbol> _bySymbol = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<long, EngineOrder> _accountOrders = [];
    private readonly Dictionary<string, int> _ordersCreated = new(StringComparer.Ordinal);
    private IMockMarketObserver[] _observers = [];
    private ITimer? _timer;
    private long _tradesPublished;
    private long _nextClientOrderId = 1;
    private long _nextCancelId = 1;

    /// <summary>Creates the exchange and loads its market data.</summary>
    /// <param name="options">The options (market data file, seed, balances, commission, latency, faults).</param>
    /// <param name="timeProvider">The clock and timer source.</param>
    /// <exception cref="FormatException">The market data document is not valid.</exception>
    public MockExchange(MockExchangeOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Options = options;
        _time = timeProvider;
        _random = new Random(options.Seed);
        Engine = new MatchingEngine(options.MakerCommissionRate, options.TakerCommissionRate);

        var json = options.MarketDataFile is null ? DefaultMarketData.Json : File.ReadAllText(options.MarketDataFile);
        var now = NowMs;
        foreach (var fixture in MarketDataFixture.Parse(json))
        {
            AddSymbol(fixture, now);
        }

        foreach (var (asset, amount) in options.InitialBalances)
        {
            Engine.Ledger.Deposit(MatchingEngine.AccountOwner, asset, amount);
        }
    }

    /// <summary>The options.</summary>
    public MockExchangeOptions Options { get; }

    /// <summary>
    /// The exchange's rate limits (Binance's published ones): weight and raw requests per IP, ORDERS per account, the
    /// usage headers, the 429/418 answers, exchange info's <c>rateLimits</c> and <c>GET /api/v3/rateLimit/order</c>.
    /// </summary>
    internal ExchangeLimiter Limits { get; } = new(ExchangeLimiter.BinanceDefaults, TimeSpan.FromMinutes(2), violationsBeforeBan: 0);

    /// <summary>The listed symbols, in fixture order.</summary>
    public IReadOnlyList<string> Symbols
    {
        get
        {
            var names = new string[_symbols.Count];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = _symbols[i].Rules.Symbol;
            }

            return names;
        }
    }

    /// <summary>How many trades have been published to the event feed (all symbols).</summary>
    public long TradesPublished
    {
        get
        {
            lock (_gate)
            {
                return _tradesPublished;
            }
        }
    }

    /// <summary>Whether the automatic market timer is running.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _timer is not null;
            }
        }
    }

    /// <summary>The clock and timer source.</summary>
    internal TimeProvider TimeProvider => _time;

    /// <summary>The lock every operation takes.</summary>
    internal Lock Gate => _gate;

    /// <summary>The engine.</summary>
    internal MatchingEngine Engine { get; }

    /// <summary>The current time in ms since the Unix epoch.</summary>
    internal long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>Symbol states in fixture order.</summary>
    internal IReadOnlyList<MockSymbol> SymbolStates => _symbols;

    /// <summary>How many orders the account created with a client order id (a retry that placed twice shows 2).</summary>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The count.</returns>
    public int GetOrdersCreated(string clientOrderId)
    {
        lock (_gate)
        {
            return _ordersCreated.GetValueOrDefault(clientOrderId);
        }
    }

    /// <summary>A copy of the orders-created counters by client order id.</summary>
    /// <returns>The counters.</returns>
    public IReadOnlyDictionary<string, int> GetOrdersCreatedByClientOrderId()
    {
        lock (_gate)
        {
            return new Dictionary<string, int>(_ordersCreated, StringComparer.Ordinal);
        }
    }

    /// <summary>The account's balance of an asset.</summary>
    /// <param name="asset">The asset.</param>
    /// <returns>The balance (zero when the asset is unknown).</returns>
    public Balance GetBalance(string asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        lock (_gate)
        {
            var index = Engine.Ledger.FindAsset(asset);
            return index < 0
                ? new Balance(asset.ToUpperInvariant(), 0m, 0m)
                : new Balance(Engine.Ledger.Assets[index], Engine.Ledger.Free(MatchingEngine.AccountOwner, index), Engine.Ledger.Locked(MatchingEngine.AccountOwner, index));
        }
    }

    /// <summary>The current order book with its <c>lastUpdateId</c> (consistent with the depth events: every event up to that id has been published).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">Levels per side.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="ArgumentException">The symbol is not listed.</exception>
    public OrderBook GetOrderBook(string symbol, int limit = 100)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            if (!_bySymbol.TryGetValue(symbol, out var s))
            {
                throw new ArgumentException($"Symbol '{symbol}' is not listed on the mock exchange.", nameof(symbol));
            }

            return Snapshot(s, limit);
        }
    }

    /// <summary>Registers an observer of every market event (trades, depth, top-20 snapshots, klines, tickers) of all symbols.</summary>
    /// <param name="observer">The observer; see <see cref="IMockMarketObserver"/> for the rules it must follow.</param>
    /// <returns>Dispose to unsubscribe.</returns>
    public IDisposable Subscribe(IMockMarketObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_gate)
        {
            _observers = [.. _observers, observer];
        }

        return new Subscription(this, observer);
    }

    /// <summary>Advances the simulated market by one step (deterministic for a seed): the mid price walks, the market maker requotes around it, a simulated taker trades, and the events are published.</summary>
    public void Step()
    {
        lock (_gate)
        {
            var now = NowMs;
            if (Options.GenerateMarketData)
            {
                foreach (var s in _symbols)
                {
                    Walk(s);
                    Requote(s, now);
                    SimulateTaker(s, now);
                }
            }

            Publish(now, isStep: true);
        }
    }

    /// <summary>Starts stepping the market every <see cref="MockExchangeOptions.TickInterval"/> on the time provider's timer.</summary>
    /// <exception cref="InvalidOperationException">The tick interval is not positive.</exception>
    public void Start()
    {
        if (Options.TickInterval <= TimeSpan.Zero)
        {
            throw new InvalidOperationException($"MockExchangeOptions.TickInterval must be positive to start the market timer, not {Options.TickInterval}.");
        }

        lock (_gate)
        {
            _timer ??= _time.CreateTimer(static state => ((MockExchange)state!).Step(), this, Options.TickInterval, Options.TickInterval);
        }
    }

    /// <summary>Stops the timer started by <see cref="Start"/>.</summary>
    public void Stop()
    {
        ITimer? timer;
        lock (_gate)
        {
            timer = _timer;
            _timer = null;
        }

        timer?.Dispose();
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    /// <summary>The state of a symbol, or -1121.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <returns>The state.</returns>
    internal MockSymbol GetSymbol(string? symbol) =>
        symbol is not null && _bySymbol.TryGetValue(symbol, out var s) ? s : throw MockApiException.InvalidSymbol();

    /// <summary>An account order by id, or null.</summary>
    /// <param name="orderId">The id.</param>
    /// <returns>The order or null.</returns>
    internal EngineOrder? FindAccountOrder(long orderId) => _accountOrders.GetValueOrDefault(orderId);

    /// <summary>A client order id for orders sent without one.</summary>
    /// <returns>The id.</returns>
    internal string NextClientOrderId() => "mock" + (_nextClientOrderId++).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A client order id for a cancel sent without newClientOrderId.</summary>
    /// <returns>The id.</returns>
    internal string NextCancelId() => "mockcancel" + (_nextCancelId++).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Validates an order as the exchange would (filters, then the engine's own rules are not run).</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="request">The order.</param>
    internal void Validate(MockSymbol s, OrderRequest request)
    {
        try
        {
            s.Rules.ValidateOrder(request, AveragePrice(s));
        }
        catch (FilterViolationException ex)
        {
            throw new MockApiException(-1013, "Filter failure: " + ex.FilterType, 400);
        }
        catch (SymbolNotTradingException)
        {
            throw new MockApiException(-2010, "Market is closed.");
        }
        catch (ExchangeValidationException ex)
        {
            throw ex.BinanceCode switch
            {
                -1102 => new MockApiException(-1102, "A mandatory parameter was not sent, was empty/null, or malformed."),
                -1100 => new MockApiException(-1100, "Illegal characters found in a parameter."),
                -1014 => new MockApiException(-1014, "Unsupported order combination."),
                { } code => new MockApiException(code, ex.Message),
                null => new MockApiException(-1013, ex.Message),
            };
        }

        if (s.MaxNumOrders > 0)
        {
            var open = 0;
            foreach (var o in s.AccountOrders)
            {
                if (o.IsOpen)
                {
                    open++;
                }
            }

            if (open >= s.MaxNumOrders)
            {
                throw new MockApiException(-1013, "Filter failure: MAX_NUM_ORDERS");
            }
        }
    }

    /// <summary>Places an account order; throws <see cref="MockApiException"/> with Binance's code when rejected. Caller holds the lock.</summary>
    /// <param name="request">The order.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="fills">The order's fills.</param>
    /// <returns>The order.</returns>
    internal EngineOrder PlaceOrder(OrderRequest request, string clientOrderId, out EngineFill[] fills)
    {
        var s = GetSymbol(request.Symbol);
        if (s.ByClientOrderId.TryGetValue(clientOrderId, out var existing) && existing.IsOpen)
        {
            throw new MockApiException(-2010, "Duplicate order sent.");
        }

        Validate(s, request);
        var spec = new OrderSpec(
            MatchingEngine.AccountOwner,
            request.Side,
            request.Type,
            request.TimeInForce ?? TimeInForce.Gtc,
            request.Price ?? 0m,
            request.StopPrice ?? 0m,
            request.Quantity ?? 0m,
            request.QuoteQuantity ?? 0m,
            clientOrderId)
        {
            IcebergQuantity = request.IcebergQuantity ?? 0m,
        };

        var now = NowMs;
        var outcome = Engine.Place(s.Book, spec, now, out var order);
        switch (outcome)
        {
            case PlaceOutcome.InsufficientBalance:
                throw MockApiException.InsufficientBalance();
            case PlaceOutcome.WouldMatchAndTake:
                throw new MockApiException(-2010, "Order would immediately match and take.");
            case PlaceOutcome.WouldTriggerImmediately:
                throw new MockApiException(-2010, "Order would trigger immediately.");
        }

        fills = [.. Engine.LastFills];
        s.AccountOrders.Add(order!);
        s.ByClientOrderId[clientOrderId] = order!;
        _accountOrders[order!.Id] = order;
        _ordersCreated[clientOrderId] = _ordersCreated.GetValueOrDefault(clientOrderId) + 1;
        Publish(now, isStep: false);
        return order;
    }

    /// <summary>Finds an account order by id or client order id; -2013 when missing. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="code">The code to answer when missing (-2013 for queries, -2011 for cancels).</param>
    /// <returns>The order.</returns>
    internal EngineOrder FindOrder(MockSymbol s, long? orderId, string? clientOrderId, int code)
    {
        EngineOrder? order = null;
        if (orderId is { } id)
        {
            order = _accountOrders.GetValueOrDefault(id);
            if (order is not null && (!ReferenceEquals(order.Book, s.Book) || (clientOrderId is not null && order.ClientOrderId != clientOrderId)))
            {
                order = null;
            }
        }
        else if (clientOrderId is not null)
        {
            order = s.ByClientOrderId.GetValueOrDefault(clientOrderId);
        }

        return order ?? throw (code == -2011
            ? new MockApiException(-2011, "Unknown order sent.")
            : new MockApiException(-2013, "Order does not exist."));
    }

    /// <summary>Cancels an account order; -2011 when missing or no longer open. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="orderId">The order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <returns>The canceled order.</returns>
    internal EngineOrder CancelOrder(MockSymbol s, long? orderId, string? clientOrderId)
    {
        var order = FindOrder(s, orderId, clientOrderId, -2011);
        var now = NowMs;
        if (order.List is { } list)
        {
            // Canceling one order of a list cancels the entire list (rest-api.md, "Cancel Order list").
            if (!(order.IsOpen || order.Status == OrderStatus.PendingNew) || !Engine.CancelList(list, now))
            {
                throw new MockApiException(-2011, "Unknown order sent.");
            }

            Publish(now, isStep: false);
            return order;
        }

        if (!Engine.Cancel(order, now))
        {
            throw new MockApiException(-2011, "Unknown order sent.");
        }

        Publish(now, isStep: false);
        return order;
    }

    /// <summary>The 5-minute volume-weighted average price (the last price when there was no volume). Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <returns>The price.</returns>
    internal decimal AveragePrice(MockSymbol s)
    {
        var volume = 0m;
        var quote = 0m;
        var from = NowMs - (5 * MinuteMs);
        for (var i = s.Klines.Count - 1; i >= 0 && s.Klines[i].OpenTime >= from; i--)
        {
            volume += s.Klines[i].Volume;
            quote += s.Klines[i].QuoteVolume;
        }

        return volume > 0 ? decimal.Round(quote / volume, 8) : s.Book.LastPrice;
    }

    /// <summary>The 24 h rolling statistics. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <returns>The ticker.</returns>
    internal Ticker24h Ticker(MockSymbol s) => Ticker(s, now => now - (1440 * MinuteMs));

    /// <summary>
    /// The rolling-window ticker (<c>GET /api/v3/ticker</c>): the window opens on the minute at or before now minus
    /// <paramref name="windowMs"/> and closes now. Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="windowMs">The window size (ms).</param>
    /// <returns>The ticker.</returns>
    internal Ticker24h RollingTicker(MockSymbol s, long windowMs) =>
        Ticker(s, now => (now - windowMs) - ((now - windowMs) % MinuteMs));

    /// <summary>
    /// The trading-day ticker (<c>GET /api/v3/ticker/tradingDay</c>): from the start of today in the time zone to now;
    /// the close time is the end of that day. Caller holds the lock.
    /// </summary>
    /// <param name="s">The symbol.</param>
    /// <param name="offsetMs">The time-zone offset (ms; 0 is UTC).</param>
    /// <returns>The ticker.</returns>
    internal Ticker24h TradingDayTicker(MockSymbol s, long offsetMs)
    {
        const long DayMs = 1440 * MinuteMs;
        var ticker = Ticker(s, now => now - ((((now + offsetMs) % DayMs) + DayMs) % DayMs));
        return ticker with { CloseTime = ticker.OpenTime.AddMilliseconds(DayMs - 1) };
    }

    private Ticker24h Ticker(MockSymbol s, Func<long, long> windowOpen)
    {
        var now = NowMs;
        var from = windowOpen(now);
        var book = s.Book;
        var last = book.LastPrice;
        decimal open = 0m, high = 0m, low = 0m, volume = 0m, quote = 0m, prevClose = 0m;
        long count = 0;
        var first = s.Klines.Count;
        while (first > 0 && s.Klines[first - 1].OpenTime >= from - MinuteMs + 1)
        {
            first--;
        }

        for (var i = first; i < s.Klines.Count; i++)
        {
            var k = s.Klines[i];
            if (i == first)
            {
                open = k.Open;
                high = k.High;
                low = k.Low;
                prevClose = i > 0 ? s.Klines[i - 1].Close : k.Open;
            }

            high = Math.Max(high, k.High);
            low = Math.Min(low, k.Low);
            volume += k.Volume;
            quote += k.QuoteVolume;
            count += k.Count;
        }

        if (open == 0m)
        {
            open = high = low = prevClose = last;
        }

        var change = last - open;
        var bid = book.Bids.Best;
        var ask = book.Asks.Best;
        var lastId = book.LastTradeId;
        return new Ticker24h(
            s.Rules.Symbol,
            change,
            open == 0m ? 0m : decimal.Round(change / open * 100m, 3),
            volume > 0 ? decimal.Round(quote / volume, 8) : last,
            prevClose,
            last,
            book.LastQuantity,
            bid?.Price ?? 0m,
            bid?.Total ?? 0m,
            ask?.Price ?? 0m,
            ask?.Total ?? 0m,
            open,
            high,
            low,
            volume,
            decimal.Round(quote, 8),
            DateTimeOffset.FromUnixTimeMilliseconds(from),
            DateTimeOffset.FromUnixTimeMilliseconds(now),
            count > 0 ? Math.Max(1, lastId - count + 1) : -1,
            count > 0 ? lastId : -1,
            count);
    }

    /// <summary>Klines of any interval, aggregated from the 1m klines (a month counts as 30 days). Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="interval">The interval (1s is served from 1m bars).</param>
    /// <param name="startTime">Start (ms) or null.</param>
    /// <param name="endTime">End (ms) or null.</param>
    /// <param name="limit">Maximum number of klines (the newest when no start time).</param>
    /// <param name="offsetMs">The time-zone offset the intervals are aligned to (ms; 0 is UTC).</param>
    /// <returns>The klines, oldest first.</returns>
    internal static List<Kline> GetKlines(MockSymbol s, KlineInterval interval, long? startTime, long? endTime, int limit, long offsetMs = 0)
    {
        var length = Math.Max(MinuteMs, (long)interval.ToTimeSpan().TotalMilliseconds);
        var result = new List<Kline>();
        KlineBar? current = null;
        foreach (var bar in s.Klines)
        {
            var open = bar.OpenTime - ((((bar.OpenTime + offsetMs) % length) + length) % length);
            if ((startTime is { } st && open + length - 1 < st) || (endTime is { } et && open > et))
            {
                continue;
            }

            if (current is null || current.OpenTime != open)
            {
                if (current is not null)
                {
                    result.Add(ToKline(current, length));
                }

                current = KlineBar.Empty(open, bar.Open);
                current.High = bar.High;
                current.Low = bar.Low;
            }

            current.High = Math.Max(current.High, bar.High);
            current.Low = Math.Min(current.Low, bar.Low);
            current.Close = bar.Close;
            current.Volume += bar.Volume;
            current.QuoteVolume += bar.QuoteVolume;
            current.Count += bar.Count;
            current.TakerBuyBase += bar.TakerBuyBase;
            current.TakerBuyQuote += bar.TakerBuyQuote;
        }

        if (current is not null)
        {
            result.Add(ToKline(current, length));
        }

        if (result.Count > limit)
        {
            if (startTime is not null)
            {
                result.RemoveRange(limit, result.Count - limit);
            }
            else
            {
                result.RemoveRange(0, result.Count - limit);
            }
        }

        return result;
    }

    /// <summary>A snapshot of the book. Caller holds the lock.</summary>
    /// <param name="s">The symbol.</param>
    /// <param name="limit">Levels per side.</param>
    /// <returns>The snapshot.</returns>
    internal static OrderBook Snapshot(MockSymbol s, int limit)
    {
        var book = s.Book;
        return new OrderBook(s.Rules.Symbol, book.UpdateId, Levels(book.Bids, limit), Levels(book.Asks, limit));
    }

    private static OrderBookLevel[] Levels(BookSide side, int limit)
    {
        var levels = new OrderBookLevel[Math.Min(limit, side.Count)];
        for (var i = 0; i < levels.Length; i++)
        {
            var level = side.At(i);
            levels[i] = new OrderBookLevel(level.Price, level.Total);
        }

        return levels;
    }

    private static Kline ToKline(KlineBar bar, long length) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(bar.OpenTime),
        bar.Open,
        bar.High,
        bar.Low,
        bar.Close,
        bar.Volume,
        DateTimeOffset.FromUnixTimeMilliseconds(bar.OpenTime + length - 1),
        bar.QuoteVolume,
        bar.Count,
        bar.TakerBuyBase,
        bar.TakerBuyQuote);

    private void AddSymbol(FixtureSymbol fixture, long now)
    {
        var rules = fixture.Rules;
        var book = Engine.AddSymbol(rules.Symbol, rules.BaseAsset, rules.QuoteAsset, rules.GetFilter<LotSizeFilter>()?.StepSize ?? 0m);
        var s = new MockSymbol(rules, book, fixture.LevelSpacing > 0 ? fixture.LevelSpacing : rules.GetFilter<PriceFilter>()?.TickSize ?? 0.00000001m);
        _symbols.Add(s);
        _bySymbol.Add(rules.Symbol, s);
        Engine.Ledger.Deposit(MatchingEngine.MarketMakerOwner, rules.BaseAsset, MarketMakerFunds - Engine.Ledger.Free(MatchingEngine.MarketMakerOwner, book.BaseAsset));
        Engine.Ledger.Deposit(MatchingEngine.MarketMakerOwner, rules.QuoteAsset, MarketMakerFunds - Engine.Ledger.Free(MatchingEngine.MarketMakerOwner, book.QuoteAsset));

        // Rebase fixture times so the last kline is the minute before now.
        var currentMinute = now - (now % MinuteMs);
        var offset = fixture.Klines.Count > 0 ? currentMinute - MinuteMs - fixture.Klines[^1].OpenTime.ToUnixTimeMilliseconds() : 0L;
        foreach (var k in fixture.Klines)
        {
            s.Klines.Add(new KlineBar
            {
                OpenTime = k.OpenTime.ToUnixTimeMilliseconds() + offset,
                Open = k.Open,
                High = k.High,
                Low = k.Low,
                Close = k.Close,
                Volume = k.Volume,
                QuoteVolume = k.QuoteVolume,
                Count = k.TradeCount,
                TakerBuyBase = k.TakerBuyBaseVolume,
                TakerBuyQuote = k.TakerBuyQuoteVolume,
            });
        }

        foreach (var t in fixture.Trades)
        {
            var time = Math.Min(t.Time.ToUnixTimeMilliseconds() + offset, now);
            book.AddTrade(new EngineTrade(t.Id, t.Price, t.Quantity, time, t.IsBuyerMaker, 0, 0));
            s.LastTradeTime = time;
        }

        book.UpdateId = fixture.LastUpdateId;
        foreach (var level in fixture.Bids)
        {
            s.BidSizes.Add(level.Quantity);
            Quote(s, OrderSide.Buy, level.Price, level.Quantity, now);
        }

        foreach (var level in fixture.Asks)
        {
            s.AskSizes.Add(level.Quantity);
            Quote(s, OrderSide.Sell, level.Price, level.Quantity, now);
        }

        var bestBid = book.Bids.Best?.Price ?? book.LastPrice;
        var bestAsk = book.Asks.Best?.Price ?? book.LastPrice;
        s.Mid = bestBid > 0 && bestAsk > 0 ? (bestBid + bestAsk) / 2m : Math.Max(bestBid, bestAsk);
        book.DirtyBids.Clear();
        book.DirtyAsks.Clear();
        s.PublishedUpdateId = book.UpdateId;
        s.PublishedTradeId = book.LastTradeId;
    }

    private void Quote(MockSymbol s, OrderSide side, decimal price, decimal quantity, long now)
    {
        if (price <= 0 || quantity <= 0)
        {
            return;
        }

        var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, side, OrderType.Limit, TimeInForce.Gtc, price, 0m, quantity, 0m, string.Empty);
        if (Engine.Place(s.Book, spec, now, out var order) == PlaceOutcome.Accepted && order!.IsOpen)
        {
            s.Quotes.Add(order);
        }
    }

    private void Walk(MockSymbol s)
    {
        // Box-Muller: a standard normal draw from the seeded generator.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        var normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
        var move = Options.Volatility * (decimal)normal;
        var mid = SymbolRules.RoundToStep(s.Mid * (1m + move), s.TickSize, RoundingMode.Nearest);
        s.Mid = Math.Max(mid, s.TickSize * 100m);
    }

    private void Requote(MockSymbol s, long now)
    {
        foreach (var quote in s.Quotes)
        {
            Engine.Cancel(quote, now);
        }

        s.Quotes.Clear();
        var half = s.LevelSpacing / 2m;
        var levels = Math.Max(DefaultQuoteLevels, Math.Max(s.BidSizes.Count, s.AskSizes.Count));
        for (var i = 0; i < levels; i++)
        {
            var bid = SymbolRules.RoundToStep(s.Mid - half - (i * s.LevelSpacing), s.TickSize, RoundingMode.Down);
            var ask = SymbolRules.RoundToStep(s.Mid + half + (i * s.LevelSpacing), s.TickSize, RoundingMode.Up);
            if (ask <= bid)
            {
                ask = bid + s.TickSize;
            }

            Quote(s, OrderSide.Buy, bid, Size(s, s.BidSizes, i), now);
            Quote(s, OrderSide.Sell, ask, Size(s, s.AskSizes, i), now);
        }
    }

    private decimal Size(MockSymbol s, List<decimal> template, int depth)
    {
        var baseSize = template.Count == 0 ? s.StepSize * 1000m : template[depth % template.Count];
        var size = SymbolRules.RoundToStep(baseSize * (0.5m + (decimal)_random.NextDouble()), s.StepSize, RoundingMode.Down);
        return Math.Max(size, s.StepSize);
    }

    private void SimulateTaker(MockSymbol s, long now)
    {
        var side = _random.Next(2) == 0 ? OrderSide.Buy : OrderSide.Sell;
        var template = side == OrderSide.Buy ? s.AskSizes : s.BidSizes;
        var baseSize = template.Count == 0 ? s.StepSize * 100m : template[0];
        var qty = SymbolRules.RoundToStep(baseSize * (0.02m + (0.3m * (decimal)_random.NextDouble())), s.StepSize, RoundingMode.Down);
        qty = Math.Max(qty, s.StepSize);
        var spec = new OrderSpec(MatchingEngine.MarketMakerOwner, side, OrderType.Market, TimeInForce.Gtc, 0m, 0m, qty, 0m, string.Empty);
        Engine.Place(s.Book, spec, now, out _);

        // The taker may have consumed whole quotes; forget the ones that are no longer open.
        s.Quotes.RemoveAll(static q => !q.IsOpen);
    }

    private void Publish(long now, bool isStep)
    {
        CollectUserData(now);
        var observers = _observers;
        foreach (var s in _symbols)
        {
            var book = s.Book;
            var traded = false;
            for (var id = Math.Max(s.PublishedTradeId + 1, book.OldestTradeId); id <= book.LastTradeId; id++)
            {
                ref readonly var t = ref book.GetTrade(id);
                AddToKline(s, t, observers, now);
                s.LastTradeTime = t.Time;
                _tradesPublished++;
                traded = true;
                if (observers.Length > 0)
                {
                    var update = new TradeUpdate(s.Rules.Symbol, t.Id, t.Price, t.Quantity, DateTimeOffset.FromUnixTimeMilliseconds(t.Time), DateTimeOffset.FromUnixTimeMilliseconds(now), t.IsBuyerMaker);
                    foreach (var o in observers)
                    {
                        o.OnTrade(update);
                    }
                }
            }

            s.PublishedTradeId = book.LastTradeId;
            if (isStep)
            {
                RollKlines(s, now, observers, now);
            }

            if (book.UpdateId != s.PublishedUpdateId)
            {
                if (observers.Length > 0)
                {
                    var update = new DepthUpdate(
                        s.Rules.Symbol,
                        s.PublishedUpdateId + 1,
                        book.UpdateId,
                        Changed(book.Bids, book.DirtyBids, descending: true),
                        Changed(book.Asks, book.DirtyAsks, descending: false),
                        DateTimeOffset.FromUnixTimeMilliseconds(now));
                    foreach (var o in observers)
                    {
                        o.OnDepth(update);
                    }
                }

                s.PublishedUpdateId = book.UpdateId;
            }

            book.DirtyBids.Clear();
            book.DirtyAsks.Clear();
            if (observers.Length == 0 || !(traded || isStep))
            {
                continue;
            }

            var eventTime = DateTimeOffset.FromUnixTimeMilliseconds(now);
            if (s.Klines.Count > 0)
            {
                var kline = new KlineUpdate(s.Rules.Symbol, KlineInterval.OneMinute, ToKline(s.Klines[^1], MinuteMs), IsClosed: false, eventTime);
                foreach (var o in observers)
                {
                    o.OnKline(kline);
                }
            }

            var ticker = new TickerUpdate(Ticker(s), eventTime);
            foreach (var o in observers)
            {
                o.OnTicker(ticker);
            }

            if (isStep)
            {
                var snapshot = Snapshot(s, 20);
                var partial = new PartialDepthUpdate(s.Rules.Symbol, snapshot.LastUpdateId, snapshot.Bids, snapshot.Asks);
                foreach (var o in observers)
                {
                    o.OnPartialDepth(partial);
                }
            }
        }
    }

    private static OrderBookLevel[] Changed(BookSide side, HashSet<decimal> prices, bool descending)
    {
        var levels = new OrderBookLevel[prices.Count];
        var i = 0;
        foreach (var price in prices)
        {
            levels[i++] = new OrderBookLevel(price, side.Find(price)?.Total ?? 0m);
        }

        Array.Sort(levels, descending ? static (a, b) => b.Price.CompareTo(a.Price) : static (a, b) => a.Price.CompareTo(b.Price));
        return levels;
    }

    private static void AddToKline(MockSymbol s, in EngineTrade t, IMockMarketObserver[] observers, long now)
    {
        RollKlines(s, t.Time, observers, now);
        s.Klines[^1].Add(t.Price, t.Quantity, takerBuys: !t.IsBuyerMaker);
    }

    /// <summary>Closes the current 1m bar and opens new ones up to the minute of <paramref name="time"/>.</summary>
    private static void RollKlines(MockSymbol s, long time, IMockMarketObserver[] observers, long now)
    {
        var minute = time - (time % MinuteMs);
        if (s.Klines.Count == 0)
        {
            s.Klines.Add(KlineBar.Empty(minute, s.Book.LastPrice));
            return;
        }

        var last = s.Klines[^1];
        if (minute <= last.OpenTime)
        {
            return;
        }

        if (observers.Length > 0)
        {
            var closed = new KlineUpdate(s.Rules.Symbol, KlineInterval.OneMinute, ToKline(last, MinuteMs), IsClosed: true, DateTimeOffset.FromUnixTimeMilliseconds(now));
            foreach (var o in observers)
            {
                o.OnKline(closed);
            }
        }

        var open = Math.Max(last.OpenTime + MinuteMs, minute - (1440 * MinuteMs));
        for (var t = open; t <= minute; t += MinuteMs)
        {
            s.Klines.Add(KlineBar.Empty(t, last.Close));
        }

        if (s.Klines.Count > MaxKlines)
        {
            s.Klines.RemoveRange(0, s.Klines.Count - MaxKlines);
        }
    }

    private void Unsubscribe(IMockMarketObserver observer)
    {
        lock (_gate)
        {
            var list = new List<IMockMarketObserver>(_observers);
            list.Remove(observer);
            _observers = [.. list];
        }
    }

    private sealed class Subscription(MockExchange owner, IMockMarketObserver observer) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(observer);
            }
        }
    }
}
