using Genesis.Exchange.Models;

namespace Genesis.Exchange.Abstractions;

/// <summary>Typed Binance Spot REST endpoints. Errors are thrown as <see cref="Errors.ExchangeException"/> subclasses.</summary>
public interface IBinanceRestClient
{
    /// <summary>GET /api/v3/ping.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    Task PingAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/time.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server time.</returns>
    Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>Exchange info, cached (24 h by default).</summary>
    /// <param name="forceRefresh">Bypass the cache.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exchange info.</returns>
    Task<ExchangeInfo> GetExchangeInfoAsync(bool forceRefresh = false, CancellationToken cancellationToken = default);

    /// <summary>
    /// Filtered exchange info, not cached (weight 20): some symbols, or the symbols with some permissions and/or one
    /// trading status, optionally without permission sets.
    /// </summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exchange info of the selected symbols.</returns>
    /// <exception cref="ArgumentException">Symbols together with permissions or a status, an empty list, or a status other than Trading, Halt or Break (checked before anything is sent).</exception>
    Task<ExchangeInfo> GetExchangeInfoAsync(ExchangeInfoQuery query, CancellationToken cancellationToken = default);

    /// <summary>The rules of one symbol, from cached exchange info.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules.</returns>
    Task<SymbolRules> GetSymbolRulesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/depth.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">Levels per side (1–5000; weight grows with it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The book.</returns>
    Task<OrderBook> GetOrderBookAsync(string symbol, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/trades.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades, oldest first.</returns>
    Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/historicalTrades from a trade id.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="fromId">First trade id.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<IReadOnlyList<Trade>> GetHistoricalTradesAsync(string symbol, long? fromId = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/aggTrades by id or time range.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="fromId">First aggregate id.</param>
    /// <param name="startTime">Start of range.</param>
    /// <param name="endTime">End of range.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The aggregate trades.</returns>
    Task<IReadOnlyList<AggregateTrade>> GetAggregateTradesAsync(string symbol, long? fromId = null, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/klines.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="startTime">Start of range.</param>
    /// <param name="endTime">End of range.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The klines, oldest first.</returns>
    Task<IReadOnlyList<Kline>> GetKlinesAsync(string symbol, KlineInterval interval, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/24hr for one symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<Ticker24h> GetTicker24hAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/24hr for several symbols (weight by count).</summary>
    /// <param name="symbols">The symbols.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<IReadOnlyList<Ticker24h>> GetTickers24hAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/price.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The price.</returns>
    Task<PriceTicker> GetPriceAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/bookTicker.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The best bid and ask.</returns>
    Task<BookTicker> GetBookTickerAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/avgPrice.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The average price.</returns>
    Task<AveragePrice> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/account (signed).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account.</returns>
    Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/order (signed). Validates against symbol rules first, assigns a client order id if none is given,
    /// and never sends twice: when the outcome is unknown it reconciles by client order id, and throws
    /// <see cref="Errors.UnknownOrderStatusException"/> only if that cannot tell.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">
    /// Cancels the call. If it fires before the order could be sent, <see cref="OperationCanceledException"/> is thrown
    /// and the order was not placed; once the order may have been sent, it is reconciled (bounded by
    /// <see cref="Options.OrderOptions.ReconcileTimeout"/>) and the outcome is the order or <see cref="Errors.UnknownOrderStatusException"/>.
    /// </param>
    /// <returns>The order as the exchange reports it.</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The order may have reached the exchange and reconciling by client order id could not tell.</exception>
    /// <exception cref="Errors.ExchangeException">Rejected by the exchange, or, with <see cref="Errors.ExchangeException.RequestNotSent"/> true, certainly not sent.</exception>
    Task<Order> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>POST /api/v3/order/test (signed): validates the order on the exchange without placing it.</summary>
    /// <param name="order">The order.</param>
    /// <param name="computeCommissionRates">Ask for commission rates (weight 20).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<TestOrderResult> TestOrderAsync(OrderRequest order, bool computeCommissionRates = false, CancellationToken cancellationToken = default);

    /// <summary>DELETE /api/v3/order by exchange order id or client order id (signed).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">The exchange order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The canceled order.</returns>
    Task<Order> CancelOrderAsync(string symbol, long? exchangeOrderId = null, string? clientOrderId = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/order by exchange order id or client order id (signed).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">The exchange order id.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order.</returns>
    Task<Order> GetOrderAsync(string symbol, long? exchangeOrderId = null, string? clientOrderId = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/openOrders (signed); all symbols when <paramref name="symbol"/> is null (weight 80).</summary>
    /// <param name="symbol">The symbol or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The open orders.</returns>
    Task<IReadOnlyList<Order>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/allOrders (signed).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="fromExchangeOrderId">First order id.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="startTime">Only orders created at or after this time.</param>
    /// <param name="endTime">Only orders created at or before this time (at most 24 hours after <paramref name="startTime"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orders.</returns>
    /// <exception cref="ArgumentException">The time range is reversed or longer than 24 hours (checked before anything is sent).</exception>
    Task<IReadOnlyList<Order>> GetAllOrdersAsync(string symbol, long? fromExchangeOrderId = null, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/myTrades (signed).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">Only trades of this order (weight 5).</param>
    /// <param name="fromId">First trade id.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="startTime">Only trades at or after this time (not with an order id or a trade id).</param>
    /// <param name="endTime">Only trades at or before this time (not with an order id or a trade id; at most 24 hours after <paramref name="startTime"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    /// <exception cref="ArgumentException">A combination Binance does not accept (a time range with an order id or a trade id), or a time range reversed or longer than 24 hours (checked before anything is sent).</exception>
    Task<IReadOnlyList<AccountTrade>> GetMyTradesAsync(string symbol, long? exchangeOrderId = null, long? fromId = null, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/uiKlines: klines shaped for candlestick charts, optionally aligned to a time zone.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="startTime">Start of range (always UTC).</param>
    /// <param name="endTime">End of range (always UTC).</param>
    /// <param name="timeZone">The UTC offset the intervals are aligned to: whole minutes within [-12:00, +14:00]; null is UTC.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The klines, oldest first.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit or the time zone is out of range.</exception>
    Task<IReadOnlyList<Kline>> GetUiKlinesAsync(string symbol, KlineInterval interval, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, TimeSpan? timeZone = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker for one symbol: price change statistics over a rolling window (weight 4).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="windowSize">The window: 1–59 minutes, 1–23 hours or 1–7 days; null is Binance's default of one day.
    /// The window opens on the minute, so it is up to 59 999 ms wider.</param>
    /// <param name="mini">True for <c>type=MINI</c>: price change, its percentage and the average price are then null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics (previous close, last quantity and the book figures are null for this endpoint).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The window is not one Binance accepts.</exception>
    Task<Ticker24h> GetRollingTickerAsync(string symbol, TimeSpan? windowSize = null, bool mini = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker for several symbols: weight 4 per symbol, capped at 200 above 50 symbols.</summary>
    /// <param name="symbols">1 to 100 symbols.</param>
    /// <param name="windowSize">The window: 1–59 minutes, 1–23 hours or 1–7 days; null is Binance's default of one day.</param>
    /// <param name="mini">True for <c>type=MINI</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics, one per symbol.</returns>
    /// <exception cref="ArgumentException">No symbols, or more than 100.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The window is not one Binance accepts.</exception>
    Task<IReadOnlyList<Ticker24h>> GetRollingTickersAsync(IReadOnlyCollection<string> symbols, TimeSpan? windowSize = null, bool mini = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/tradingDay for one symbol: price change statistics of today's trading day (weight 4).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="timeZone">The UTC offset the day starts in: whole minutes within [-12:00, +14:00]; null is UTC.</param>
    /// <param name="mini">True for <c>type=MINI</c>: price change, its percentage and the average price are then null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics; the close time is the end of the day.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time zone is out of range.</exception>
    Task<Ticker24h> GetTradingDayTickerAsync(string symbol, TimeSpan? timeZone = null, bool mini = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/tradingDay for several symbols: weight 4 per symbol, capped at 200 above 50 symbols.</summary>
    /// <param name="symbols">1 to 100 symbols.</param>
    /// <param name="timeZone">The UTC offset the day starts in: whole minutes within [-12:00, +14:00]; null is UTC.</param>
    /// <param name="mini">True for <c>type=MINI</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics, one per symbol.</returns>
    /// <exception cref="ArgumentException">No symbols, or more than 100.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The time zone is out of range.</exception>
    Task<IReadOnlyList<Ticker24h>> GetTradingDayTickersAsync(IReadOnlyCollection<string> symbols, TimeSpan? timeZone = null, bool mini = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/account/commission (signed, weight 20): the account's commission rates on one symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The standard, special and tax rates and the BNB discount.</returns>
    Task<AccountCommission> GetCommissionRatesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>
    /// GET /api/v3/rateLimit/order (signed, weight 40): the account's unfilled order count in each ORDERS window
    /// (10 seconds and one day on Binance today), with the limits.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One count per window.</returns>
    Task<IReadOnlyList<UnfilledOrderCount>> GetUnfilledOrderCountAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/myPreventedMatches by prevented match id (signed, weight 2): one match self-trade prevention stopped.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="preventedMatchId">The prevented match id (from an expired order's <see cref="Order.PreventedMatchId"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The prevented match, or an empty list when there is none with that id.</returns>
    Task<IReadOnlyList<PreventedMatch>> GetPreventedMatchesByIdAsync(string symbol, long preventedMatchId, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/myPreventedMatches by order (signed, weight 20): the matches self-trade prevention stopped for one order.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">The exchange order id.</param>
    /// <param name="fromPreventedMatchId">The prevented match id to start from, or null for the first.</param>
    /// <param name="limit">How many (1–1000; Binance's default 500); only with <paramref name="fromPreventedMatchId"/>, as documented.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The prevented matches.</returns>
    /// <exception cref="ArgumentException">A limit without <paramref name="fromPreventedMatchId"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1–1000.</exception>
    Task<IReadOnlyList<PreventedMatch>> GetPreventedMatchesByOrderAsync(string symbol, long exchangeOrderId, long? fromPreventedMatchId = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// GET /api/v3/myFilters (signed, weight 40): the exchange, symbol and asset filters relevant to the account on one
    /// symbol; the only call that shows the account's MAX_ASSET filters.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The filters.</returns>
    Task<AccountFilters> GetAccountFiltersAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/referencePrice (weight 2): the symbol's reference price, used by the Price Range execution rule and the price filters.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reference price (its value null when none is set at the moment).</returns>
    /// <exception cref="Errors.ExchangeValidationException">Binance code -2043: the symbol never had a reference price.</exception>
    Task<SymbolReferencePrice> GetReferencePriceAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/referencePrice/calculation (weight 2): how the symbol's reference price is calculated.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="symbolStatus">The status to describe the calculation in: Trading, Halt or Break; null for the current one.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The calculation.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A status other than Trading, Halt or Break.</exception>
    /// <exception cref="Errors.ExchangeValidationException">Binance code -2043: the reference price is not calculated for the symbol.</exception>
    Task<ReferencePriceCalculation> GetReferencePriceCalculationAsync(string symbol, SymbolStatus? symbolStatus = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/executionRules for one symbol (weight 2): the rules enforced when its orders execute.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules.</returns>
    Task<ExecutionRules> GetExecutionRulesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/executionRules for several symbols (weight 2 per symbol, capped at 40).</summary>
    /// <param name="symbols">The symbols (at least one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules, per symbol.</returns>
    /// <exception cref="ArgumentException">No symbols.</exception>
    Task<ExecutionRules> GetExecutionRulesForSymbolsAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/executionRules for every symbol, or every symbol in a status (weight 40).</summary>
    /// <param name="symbolStatus">Only symbols in this status: Trading, Halt or Break; null for every symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules, per symbol.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A status other than Trading, Halt or Break.</exception>
    Task<ExecutionRules> GetAllExecutionRulesAsync(SymbolStatus? symbolStatus = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/historicalBlockTrades (weight 25): block trades from an id, oldest first.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="fromId">The block trade id to fetch from.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The block trades.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The limit is outside 1–1000.</exception>
    Task<IReadOnlyList<BlockTrade>> GetHistoricalBlockTradesAsync(string symbol, long fromId, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/24hr with <c>type=MINI</c> for one symbol (weight 2).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics; price change, its percentage, the average price, the previous close, the last quantity and the book figures are null (MINI leaves them out).</returns>
    Task<Ticker24h> GetMiniTicker24hAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/24hr with <c>type=MINI</c> for several symbols (weight 2 for 1–20, 40 for 21–100, 80 above).</summary>
    /// <param name="symbols">The symbols (at least one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics, one per symbol, with the MINI fields only (see <see cref="GetMiniTicker24hAsync"/>).</returns>
    /// <exception cref="ArgumentException">No symbols.</exception>
    Task<IReadOnlyList<Ticker24h>> GetMiniTickers24hAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/24hr for every symbol (weight 80: call it sparingly).</summary>
    /// <param name="mini">True for <c>type=MINI</c> (see <see cref="GetMiniTicker24hAsync"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics of every symbol.</returns>
    Task<IReadOnlyList<Ticker24h>> GetAllTickers24hAsync(bool mini = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/price for several symbols, or every symbol when <paramref name="symbols"/> is null (weight 4).</summary>
    /// <param name="symbols">The symbols (at least one), or null for every symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The latest prices.</returns>
    /// <exception cref="ArgumentException">An empty list of symbols.</exception>
    Task<IReadOnlyList<PriceTicker>> GetPricesAsync(IReadOnlyCollection<string>? symbols = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/ticker/bookTicker for several symbols, or every symbol when <paramref name="symbols"/> is null (weight 4).</summary>
    /// <param name="symbols">The symbols (at least one), or null for every symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The best bids and asks.</returns>
    /// <exception cref="ArgumentException">An empty list of symbols.</exception>
    Task<IReadOnlyList<BookTicker>> GetBookTickersAsync(IReadOnlyCollection<string>? symbols = null, CancellationToken cancellationToken = default);
    /// <summary>
    /// DELETE /api/v3/openOrders: cancels every open order on a symbol, order lists included (weight 1). Safe to retry:
    /// when nothing is open (Binance's -2011, also what a retry of a cancel that went through gets) the result is empty.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The canceled orders and order lists.</returns>
    Task<CancelOpenOrdersResult> CancelOpenOrdersAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/order/cancelReplace: cancels an order and places a new one on the same symbol in one request (weight 1,
    /// one unfilled order). Never retried blindly; an answer that may be lost is settled by the new order's client order id.
    /// </summary>
    /// <param name="request">The order to cancel, the new order and the mode.</param>
    /// <param name="cancellationToken">Cancels the call (once the request may have been sent, the reconcile still runs).</param>
    /// <returns>What each half did; both succeeded.</returns>
    /// <exception cref="Errors.CancelReplaceException">The exchange reported a partial (-2021) or complete (-2022) failure; its result says which half went through.</exception>
    /// <exception cref="Errors.UnknownOrderStatusException">The answer was lost and the new order could not be found in time.</exception>
    Task<CancelReplaceResult> CancelReplaceAsync(CancelReplaceRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// PUT /api/v3/order/amend/keepPriority: reduces the quantity of an open order without losing its place in the queue
    /// (weight 4, no unfilled order). Not retried: once applied, a second attempt is refused.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="newQuantity">The new quantity: more than 0 and less than the order's quantity.</param>
    /// <param name="exchangeOrderId">The exchange order id (this or <paramref name="clientOrderId"/>).</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="newClientOrderId">The client order id after the amendment; the exchange generates one when null (send the current one to keep it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The amended order.</returns>
    /// <exception cref="ArgumentException">Neither id was given.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The new quantity is not positive.</exception>
    Task<AmendOrderResult> AmendOrderKeepPriorityAsync(string symbol, decimal newQuantity, long? exchangeOrderId = null, string? clientOrderId = null, string? newClientOrderId = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/order/amendments: every amendment of one order, oldest first (weight 4).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">The exchange order id.</param>
    /// <param name="fromExecutionId">The execution id to start from; null for the oldest.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The amendments.</returns>
    Task<IReadOnlyList<OrderAmendment>> GetOrderAmendmentsAsync(string symbol, long exchangeOrderId, long? fromExecutionId = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/sor/order: places a LIMIT or MARKET order through the smart order router (weight 1, one unfilled order),
    /// with the same validation, client order id and reconcile rules as <see cref="PlaceOrderAsync"/>.
    /// </summary>
    /// <param name="order">The order (LIMIT or MARKET by base quantity).</param>
    /// <param name="cancellationToken">Cancels the call (once the order may have been sent, the reconcile still runs).</param>
    /// <returns>The order, with <see cref="Order.UsedSor"/>, <see cref="Order.WorkingFloor"/> and allocation fills.</returns>
    /// <exception cref="Errors.ExchangeValidationException">Not a LIMIT or MARKET order by base quantity, or the symbol's rules refuse it; nothing was sent.</exception>
    /// <exception cref="Errors.UnknownOrderStatusException">The answer was lost and the order could not be found in time.</exception>
    Task<Order> PlaceSorOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>POST /api/v3/sor/order/test: validates a SOR order without placing it (weight 1, or 20 with commission rates).</summary>
    /// <param name="order">The order (LIMIT or MARKET by base quantity).</param>
    /// <param name="computeCommissionRates">Whether to ask for the commission rates the order would pay.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The commission rates when asked for; empty otherwise.</returns>
    Task<TestOrderResult> TestSorOrderAsync(OrderRequest order, bool computeCommissionRates = false, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/myAllocations: allocations of SOR orders (weight 20).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="startTime">From this time; null for none.</param>
    /// <param name="endTime">Until this time; at most 24 hours after <paramref name="startTime"/>.</param>
    /// <param name="fromAllocationId">From this allocation id; null for none.</param>
    /// <param name="exchangeOrderId">Only the allocations of this order; null for all.</param>
    /// <param name="limit">1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The allocations.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time range is longer than 24 hours or reversed, or the limit is out of range.</exception>
    Task<IReadOnlyList<Allocation>> GetAllocationsAsync(string symbol, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, long? fromAllocationId = null, long? exchangeOrderId = null, int limit = 500, CancellationToken cancellationToken = default);
    /// <summary>
    /// POST /api/v3/orderList/oco (signed, weight 1, two orders against the ORDERS limits): an above and a below order of
    /// the same side and quantity; when one executes or triggers the exchange expires the other.
    /// </summary>
    /// <param name="request">The OCO; the list and order client ids are generated when not given.</param>
    /// <param name="cancellationToken">Cancels the call before the list is sent; once it may have been sent, the outcome is settled first.</param>
    /// <returns>The list with its order reports (or, when the answer was lost, the list as a query by list client id found it, without reports).</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The list may have been placed and queries by its list client id could not settle it.</exception>
    Task<OrderList> PlaceOcoOrderListAsync(OcoOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/orderList (signed, weight 4): one order list by its id or its list client id.</summary>
    /// <param name="orderListId">The list id.</param>
    /// <param name="listClientOrderId">The list client id (sent as <c>origClientOrderId</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list (without order reports).</returns>
    /// <exception cref="ArgumentException">Neither id was given.</exception>
    Task<OrderList> GetOrderListAsync(long? orderListId = null, string? listClientOrderId = null, CancellationToken cancellationToken = default);

    /// <summary>DELETE /api/v3/orderList (signed, weight 1): cancels every order of the list.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="orderListId">The list id.</param>
    /// <param name="listClientOrderId">The list client id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The list with the cancel reports of its orders.</returns>
    /// <exception cref="ArgumentException">Neither id was given.</exception>
    Task<OrderList> CancelOrderListAsync(string symbol, long? orderListId = null, string? listClientOrderId = null, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/openOrderList (signed, weight 6): the order lists still executing.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lists (without order reports).</returns>
    Task<IReadOnlyList<OrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/allOrderList (signed, weight 20): order lists from an id, or within a time range of at most 24 hours, or the most recent.</summary>
    /// <param name="fromId">The list id to start from; not with a time range.</param>
    /// <param name="startTime">The start of the range.</param>
    /// <param name="endTime">The end of the range (at most 24 hours after the start).</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lists (without order reports).</returns>
    /// <exception cref="ArgumentException"><paramref name="fromId"/> with a time, or a range over 24 hours.</exception>
    Task<IReadOnlyList<OrderList>> GetAllOrderListsAsync(long? fromId = null, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/orderList/oto (signed, weight 1, two orders against the ORDERS limits): a working LIMIT or LIMIT_MAKER
    /// order, and a pending order the exchange places once the working order is fully filled.
    /// </summary>
    /// <param name="request">The OTO; the list and order client ids are generated when not given.</param>
    /// <param name="cancellationToken">Cancels the call before the list is sent; once it may have been sent, the outcome is settled first.</param>
    /// <returns>The list with its order reports (the pending order shows PENDING_NEW even if the working order filled at once).</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The list may have been placed and queries by its list client id could not settle it.</exception>
    Task<OrderList> PlaceOtoOrderListAsync(OtoOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/orderList/otoco (signed, weight 1, three orders against the ORDERS limits): a working LIMIT or
    /// LIMIT_MAKER order, and a pending OCO pair the exchange places once the working order is fully filled.
    /// </summary>
    /// <param name="request">The OTOCO; the list and order client ids are generated when not given.</param>
    /// <param name="cancellationToken">Cancels the call before the list is sent; once it may have been sent, the outcome is settled first.</param>
    /// <returns>The list with its order reports.</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The list may have been placed and queries by its list client id could not settle it.</exception>
    Task<OrderList> PlaceOtocoOrderListAsync(OtocoOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/orderList/opo (signed, weight 1, two orders against the ORDERS limits): an OTO whose pending SELL order
    /// sells what the working BUY order receives, once it is fully filled.
    /// </summary>
    /// <param name="request">The OPO; the list and order client ids are generated when not given.</param>
    /// <param name="cancellationToken">Cancels the call before the list is sent; once it may have been sent, the outcome is settled first.</param>
    /// <returns>The list with its order reports.</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The list may have been placed and queries by its list client id could not settle it.</exception>
    Task<OrderList> PlaceOpoOrderListAsync(OpoOrderRequest request, CancellationToken cancellationToken = default);

    /// <summary>
    /// POST /api/v3/orderList/opoco (signed, weight 1, three orders against the ORDERS limits): an OTOCO whose pending SELL
    /// pair sells what the working BUY order receives, once it is fully filled.
    /// </summary>
    /// <param name="request">The OPOCO; the list and order client ids are generated when not given.</param>
    /// <param name="cancellationToken">Cancels the call before the list is sent; once it may have been sent, the outcome is settled first.</param>
    /// <returns>The list with its order reports.</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The list may have been placed and queries by its list client id could not settle it.</exception>
    Task<OrderList> PlaceOpocoOrderListAsync(OpocoOrderRequest request, CancellationToken cancellationToken = default);
}
