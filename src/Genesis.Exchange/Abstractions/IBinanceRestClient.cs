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
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orders.</returns>
    Task<IReadOnlyList<Order>> GetAllOrdersAsync(string symbol, long? fromExchangeOrderId = null, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>GET /api/v3/myTrades (signed).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="exchangeOrderId">Only trades of this order (weight 5).</param>
    /// <param name="fromId">First trade id.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<IReadOnlyList<AccountTrade>> GetMyTradesAsync(string symbol, long? exchangeOrderId = null, long? fromId = null, int limit = 500, CancellationToken cancellationToken = default);

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
