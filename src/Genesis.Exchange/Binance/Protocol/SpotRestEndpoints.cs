using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Binance.Protocol;

/// <summary>
/// The Binance Spot REST endpoints, each declared once: method, path, security, idempotency, the limits it counts
/// against, its WebSocket API method, its weight from its typed arguments (<c>rest-api.md</c>, including the
/// parameter-dependent weights) and its response reader. The client builds its requests from these, the mock and the
/// fake server dispatch on them (<see cref="EndpointHandlers{THandler}"/>), and servers charge <see cref="EndpointDescriptor.WeightOf"/>.
/// </summary>
internal static class SpotRestEndpoints
{
    /// <summary>GET /api/v3/ping: weight 1.</summary>
    public static readonly Endpoint<NoArgs, bool> Ping = Market<NoArgs, bool>(
        "ping", "/api/v3/ping", "ping", static _ => 1, static (_, _) => true);

    /// <summary>GET /api/v3/time: weight 1.</summary>
    public static readonly Endpoint<NoArgs, DateTimeOffset> ServerTime = Market<NoArgs, DateTimeOffset>(
        "time", "/api/v3/time", "time", static _ => 1, static (_, body) => BinanceResponseParser.ParseServerTime(body));

    /// <summary>GET /api/v3/exchangeInfo: weight 20 whatever the filter.</summary>
    public static readonly Endpoint<ExchangeInfoArgs, ExchangeInfo> ExchangeInfo = Market<ExchangeInfoArgs, ExchangeInfo>(
        "exchangeInfo", "/api/v3/exchangeInfo", "exchangeInfo", static _ => 20, static (_, body) => BinanceResponseParser.ParseExchangeInfo(body));

    /// <summary>GET /api/v3/depth: weight 5 / 25 / 50 / 250 for limit 1–100 / 101–500 / 501–1000 / 1001–5000 (more is served as 5000).</summary>
    public static readonly Endpoint<DepthArgs, OrderBook> Depth = Market<DepthArgs, OrderBook>(
        "depth", "/api/v3/depth", "depth", static a => DepthWeight(a.Limit), static (a, body) => BinanceResponseParser.ParseOrderBook(a.Symbol, body));

    /// <summary>GET /api/v3/trades: weight 25.</summary>
    public static readonly Endpoint<RecentTradesArgs, IReadOnlyList<Trade>> RecentTrades = Market<RecentTradesArgs, IReadOnlyList<Trade>>(
        "trades", "/api/v3/trades", "trades.recent", static _ => 25, static (_, body) => BinanceResponseParser.ParseTrades(body));

    /// <summary>GET /api/v3/historicalTrades: weight 25; older trades from an id, used to fill stream gaps.</summary>
    public static readonly Endpoint<HistoricalTradesArgs, IReadOnlyList<Trade>> HistoricalTrades = Market<HistoricalTradesArgs, IReadOnlyList<Trade>>(
        "historicalTrades", "/api/v3/historicalTrades", "trades.historical", static _ => 25, static (_, body) => BinanceResponseParser.ParseTrades(body));

    /// <summary>GET /api/v3/aggTrades: weight 4.</summary>
    public static readonly Endpoint<AggregateTradesArgs, IReadOnlyList<AggregateTrade>> AggregateTrades = Market<AggregateTradesArgs, IReadOnlyList<AggregateTrade>>(
        "aggTrades", "/api/v3/aggTrades", "trades.aggregate", static _ => 4, static (_, body) => BinanceResponseParser.ParseAggregateTrades(body));

    /// <summary>GET /api/v3/klines: weight 2.</summary>
    public static readonly Endpoint<KlinesArgs, IReadOnlyList<Kline>> Klines = Market<KlinesArgs, IReadOnlyList<Kline>>(
        "klines", "/api/v3/klines", "klines", static _ => 2, static (_, body) => BinanceResponseParser.ParseKlines(body));

    /// <summary>GET /api/v3/avgPrice: weight 2.</summary>
    public static readonly Endpoint<SymbolArgs, AveragePrice> AveragePrice = Market<SymbolArgs, AveragePrice>(
        "avgPrice", "/api/v3/avgPrice", "avgPrice", static _ => 2, static (_, body) => BinanceResponseParser.ParseAveragePrice(body));

    /// <summary>GET /api/v3/ticker/24hr: weight 2 for one symbol, 80 for all; by <c>symbols</c> count 2 / 40 / 80 for 1–20 / 21–100 / 101+.</summary>
    public static readonly Endpoint<TickerArgs, IReadOnlyList<Ticker24h>> Ticker24h = Market<TickerArgs, IReadOnlyList<Ticker24h>>(
        "ticker.24hr", "/api/v3/ticker/24hr", "ticker.24hr", static a => Ticker24hWeight(a), static (_, body) => BinanceResponseParser.ParseTickers24h(body));

    /// <summary>GET /api/v3/ticker/price: weight 2 for one symbol, 4 for several or all.</summary>
    public static readonly Endpoint<TickerArgs, IReadOnlyList<PriceTicker>> PriceTicker = Market<TickerArgs, IReadOnlyList<PriceTicker>>(
        "ticker.price", "/api/v3/ticker/price", "ticker.price", static a => a.Symbol is not null ? 2 : 4, static (_, body) => BinanceResponseParser.ParsePriceTickers(body));

    /// <summary>GET /api/v3/ticker/bookTicker: weight 2 for one symbol, 4 for several or all.</summary>
    public static readonly Endpoint<TickerArgs, IReadOnlyList<BookTicker>> BookTicker = Market<TickerArgs, IReadOnlyList<BookTicker>>(
        "ticker.book", "/api/v3/ticker/bookTicker", "ticker.book", static a => a.Symbol is not null ? 2 : 4, static (_, body) => BinanceResponseParser.ParseBookTickers(body));

    /// <summary>GET /api/v3/account (USER_DATA): weight 20.</summary>
    public static readonly Endpoint<AccountArgs, AccountInfo> Account = new(
        "account", HttpMethod.Get, "/api/v3/account", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "account.status",
        static _ => 20, static (_, body) => BinanceResponseParser.ParseAccount(body));

    /// <summary>POST /api/v3/order (TRADE): weight 1, one unfilled order; never retried blindly.</summary>
    public static readonly Endpoint<PlaceOrderArgs, Order> PlaceOrder = new(
        "order.place", HttpMethod.Post, "/api/v3/order", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders, "order.place",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseOrder(body));

    /// <summary>POST /api/v3/order/test (TRADE): weight 1, or 20 with <c>computeCommissionRates</c>; creates nothing, so safe to retry.</summary>
    public static readonly Endpoint<TestOrderArgs, TestOrderResult> TestOrder = new(
        "order.test", HttpMethod.Post, "/api/v3/order/test", EndpointSecurity.Trade, isIdempotent: true, RateLimitKinds.Request, "order.test",
        static a => a.ComputeCommissionRates ? 20 : 1, static (_, body) => BinanceResponseParser.ParseTestOrder(body));

    /// <summary>DELETE /api/v3/order (TRADE): weight 1; a cancel by id is idempotent.</summary>
    public static readonly Endpoint<OrderIdArgs, Order> CancelOrder = new(
        "order.cancel", HttpMethod.Delete, "/api/v3/order", EndpointSecurity.Trade, isIdempotent: true, RateLimitKinds.Request, "order.cancel",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseOrder(body));

    /// <summary>GET /api/v3/order (USER_DATA): weight 4.</summary>
    public static readonly Endpoint<OrderIdArgs, Order> QueryOrder = new(
        "order.status", HttpMethod.Get, "/api/v3/order", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "order.status",
        static _ => 4, static (_, body) => BinanceResponseParser.ParseOrder(body));

    /// <summary>GET /api/v3/openOrders (USER_DATA): weight 6 for one symbol, 80 for all.</summary>
    public static readonly Endpoint<OpenOrdersArgs, IReadOnlyList<Order>> OpenOrders = new(
        "openOrders", HttpMethod.Get, "/api/v3/openOrders", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "openOrders.status",
        static a => a.Symbol is not null ? 6 : 80, static (_, body) => BinanceResponseParser.ParseOrders(body));

    /// <summary>GET /api/v3/allOrders (USER_DATA): weight 20.</summary>
    public static readonly Endpoint<AllOrdersArgs, IReadOnlyList<Order>> AllOrders = new(
        "allOrders", HttpMethod.Get, "/api/v3/allOrders", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "allOrders",
        static _ => 20, static (_, body) => BinanceResponseParser.ParseOrders(body));

    /// <summary>GET /api/v3/myTrades (USER_DATA): weight 20, or 5 with <c>orderId</c>.</summary>
    public static readonly Endpoint<MyTradesArgs, IReadOnlyList<AccountTrade>> MyTrades = new(
        "myTrades", HttpMethod.Get, "/api/v3/myTrades", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "myTrades",
        static a => a.OrderId is not null ? 5 : 20, static (_, body) => BinanceResponseParser.ParseAccountTrades(body));

    /// <summary>GET /api/v3/uiKlines: weight 2 (klines shaped for charts; <c>timeZone</c> aligns the intervals).</summary>
    public static readonly Endpoint<UiKlinesArgs, IReadOnlyList<Kline>> UiKlines = Market<UiKlinesArgs, IReadOnlyList<Kline>>(
        "uiKlines", "/api/v3/uiKlines", "uiKlines", static _ => 2, static (_, body) => BinanceResponseParser.ParseKlines(body));

    /// <summary>GET /api/v3/ticker (rolling window): weight 4 per symbol whatever the window, capped at 200 above 50 symbols.</summary>
    public static readonly Endpoint<RollingTickerArgs, IReadOnlyList<Ticker24h>> RollingTicker = Market<RollingTickerArgs, IReadOnlyList<Ticker24h>>(
        "ticker", "/api/v3/ticker", "ticker", static a => Math.Min(4 * Math.Max(1, a.SymbolCount), 200), static (_, body) => BinanceResponseParser.ParseTickers24h(body));

    /// <summary>GET /api/v3/ticker/tradingDay: weight 4 per symbol, capped at 200 above 50 symbols.</summary>
    public static readonly Endpoint<TradingDayTickerArgs, IReadOnlyList<Ticker24h>> TradingDayTicker = Market<TradingDayTickerArgs, IReadOnlyList<Ticker24h>>(
        "ticker.tradingDay", "/api/v3/ticker/tradingDay", "ticker.tradingDay", static a => Math.Min(4 * Math.Max(1, a.SymbolCount), 200),
        static (_, body) => BinanceResponseParser.ParseTickers24h(body));

    /// <summary>GET /api/v3/account/commission (USER_DATA): weight 20; the account's commission rates on one symbol.</summary>
    public static readonly Endpoint<SymbolArgs, AccountCommission> AccountCommission = new(
        "account.commission", HttpMethod.Get, "/api/v3/account/commission", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "account.commission",
        static _ => 20, static (_, body) => BinanceResponseParser.ParseAccountCommission(body));

    /// <summary>GET /api/v3/rateLimit/order (USER_DATA): weight 40; the account's unfilled order count per ORDERS window.</summary>
    public static readonly Endpoint<NoArgs, IReadOnlyList<UnfilledOrderCount>> UnfilledOrderCount = new(
        "account.rateLimits.orders", HttpMethod.Get, "/api/v3/rateLimit/order", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "account.rateLimits.orders",
        static _ => 40, static (_, body) => BinanceResponseParser.ParseUnfilledOrderCounts(body));

    /// <summary>GET /api/v3/myPreventedMatches (USER_DATA): weight 2 by <c>preventedMatchId</c>, 20 by <c>orderId</c>.</summary>
    public static readonly Endpoint<PreventedMatchesArgs, IReadOnlyList<PreventedMatch>> PreventedMatches = new(
        "myPreventedMatches", HttpMethod.Get, "/api/v3/myPreventedMatches", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "myPreventedMatches",
        static a => a.Weight, static (_, body) => BinanceResponseParser.ParsePreventedMatches(body));

    /// <summary>GET /api/v3/myFilters (USER_DATA): weight 40; the exchange, symbol and asset filters relevant to the account on a symbol.</summary>
    public static readonly Endpoint<SymbolArgs, AccountFilters> AccountFilters = new(
        "myFilters", HttpMethod.Get, "/api/v3/myFilters", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "myFilters",
        static _ => 40, static (_, body) => BinanceResponseParser.ParseAccountFilters(body));

    /// <summary>GET /api/v3/referencePrice: weight 2; -2043 when the symbol never had one.</summary>
    public static readonly Endpoint<SymbolArgs, SymbolReferencePrice> ReferencePrice = Market<SymbolArgs, SymbolReferencePrice>(
        "referencePrice", "/api/v3/referencePrice", "referencePrice", static _ => 2, static (_, body) => BinanceResponseParser.ParseReferencePrice(body));

    /// <summary>GET /api/v3/referencePrice/calculation: weight 2; -2043 when the reference price is not calculated.</summary>
    public static readonly Endpoint<ReferencePriceCalculationArgs, ReferencePriceCalculation> ReferencePriceCalculation = Market<ReferencePriceCalculationArgs, ReferencePriceCalculation>(
        "referencePrice.calculation", "/api/v3/referencePrice/calculation", "referencePrice.calculation", static _ => 2,
        static (_, body) => BinanceResponseParser.ParseReferencePriceCalculation(body));

    /// <summary>GET /api/v3/executionRules: weight 2 for one symbol, 2 per symbol capped at 40 for several, 40 by status or for all.</summary>
    public static readonly Endpoint<ExecutionRulesArgs, ExecutionRules> ExecutionRules = Market<ExecutionRulesArgs, ExecutionRules>(
        "executionRules", "/api/v3/executionRules", "executionRules", static a => a.Weight, static (_, body) => BinanceResponseParser.ParseExecutionRules(body));

    /// <summary>GET /api/v3/historicalBlockTrades: weight 25; block trades from an id.</summary>
    public static readonly Endpoint<HistoricalBlockTradesArgs, IReadOnlyList<BlockTrade>> HistoricalBlockTrades = Market<HistoricalBlockTradesArgs, IReadOnlyList<BlockTrade>>(
        "historicalBlockTrades", "/api/v3/historicalBlockTrades", "blockTrades.historical", static _ => 25, static (_, body) => BinanceResponseParser.ParseBlockTrades(body));
    /// <summary>DELETE /api/v3/openOrders (TRADE): weight 1; cancels every open order (and order list) on a symbol, so sending it twice is harmless.</summary>
    public static readonly Endpoint<SymbolArgs, CancelOpenOrdersResult> CancelOpenOrders = new(
        "openOrders.cancelAll", HttpMethod.Delete, "/api/v3/openOrders", EndpointSecurity.Trade, isIdempotent: true, RateLimitKinds.Request, "openOrders.cancelAll",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseCancelOpenOrders(body));

    /// <summary>POST /api/v3/order/cancelReplace (TRADE): weight 1, one unfilled order (even when the new order is not attempted); never retried blindly.</summary>
    public static readonly Endpoint<CancelReplaceArgs, CancelReplaceResult> CancelReplace = new(
        "order.cancelReplace", HttpMethod.Post, "/api/v3/order/cancelReplace", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders, "order.cancelReplace",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseCancelReplace(body));

    /// <summary>PUT /api/v3/order/amend/keepPriority (TRADE): weight 4, no unfilled order; not retried (a second attempt is refused once the first applied).</summary>
    public static readonly Endpoint<AmendOrderArgs, AmendOrderResult> AmendOrder = new(
        "order.amend.keepPriority", HttpMethod.Put, "/api/v3/order/amend/keepPriority", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request, "order.amend.keepPriority",
        static _ => 4, static (_, body) => BinanceResponseParser.ParseAmendOrder(body));

    /// <summary>GET /api/v3/order/amendments (USER_DATA): weight 4.</summary>
    public static readonly Endpoint<OrderAmendmentsArgs, IReadOnlyList<OrderAmendment>> OrderAmendments = new(
        "order.amendments", HttpMethod.Get, "/api/v3/order/amendments", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "order.amendments",
        static _ => 4, static (_, body) => BinanceResponseParser.ParseOrderAmendments(body));

    /// <summary>POST /api/v3/sor/order (TRADE): weight 1, one unfilled order; never retried blindly.</summary>
    public static readonly Endpoint<PlaceOrderArgs, Order> SorOrder = new(
        "sor.order.place", HttpMethod.Post, "/api/v3/sor/order", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders, "sor.order.place",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseOrder(body));

    /// <summary>POST /api/v3/sor/order/test (TRADE): weight 1, or 20 with <c>computeCommissionRates</c>; creates nothing, so safe to retry.</summary>
    public static readonly Endpoint<TestOrderArgs, TestOrderResult> SorTestOrder = new(
        "sor.order.test", HttpMethod.Post, "/api/v3/sor/order/test", EndpointSecurity.Trade, isIdempotent: true, RateLimitKinds.Request, "sor.order.test",
        static a => a.ComputeCommissionRates ? 20 : 1, static (_, body) => BinanceResponseParser.ParseTestOrder(body));

    /// <summary>GET /api/v3/myAllocations (USER_DATA): weight 20.</summary>
    public static readonly Endpoint<AllocationsArgs, IReadOnlyList<Allocation>> Allocations = new(
        "myAllocations", HttpMethod.Get, "/api/v3/myAllocations", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "myAllocations",
        static _ => 20, static (_, body) => BinanceResponseParser.ParseAllocations(body));
    /// <summary>POST /api/v3/orderList/oco (TRADE): weight 1, two unfilled orders; never retried blindly.</summary>
    public static readonly Endpoint<OcoOrderListArgs, OrderList> PlaceOcoOrderList = new(
        "orderList.place.oco", HttpMethod.Post, "/api/v3/orderList/oco", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders,
        "orderList.place.oco", static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body))
    { UnfilledOrders = 2 };

    /// <summary>GET /api/v3/orderList (USER_DATA): weight 4; by <c>orderListId</c> or <c>origClientOrderId</c>.</summary>
    public static readonly Endpoint<OrderListIdArgs, OrderList> QueryOrderList = new(
        "orderList.status", HttpMethod.Get, "/api/v3/orderList", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "orderList.status",
        static _ => 4, static (_, body) => BinanceResponseParser.ParseOrderList(body));

    /// <summary>DELETE /api/v3/orderList (TRADE): weight 1; cancels every order of the list; a cancel by id is idempotent.</summary>
    public static readonly Endpoint<OrderListIdArgs, OrderList> CancelOrderList = new(
        "orderList.cancel", HttpMethod.Delete, "/api/v3/orderList", EndpointSecurity.Trade, isIdempotent: true, RateLimitKinds.Request, "orderList.cancel",
        static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body));

    /// <summary>GET /api/v3/openOrderList (USER_DATA): weight 6.</summary>
    public static readonly Endpoint<NoArgs, IReadOnlyList<OrderList>> OpenOrderLists = new(
        "openOrderLists.status", HttpMethod.Get, "/api/v3/openOrderList", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "openOrderLists.status",
        static _ => 6, static (_, body) => BinanceResponseParser.ParseOrderLists(body));

    /// <summary>GET /api/v3/allOrderList (USER_DATA): weight 20.</summary>
    public static readonly Endpoint<AllOrderListsArgs, IReadOnlyList<OrderList>> AllOrderLists = new(
        "allOrderLists", HttpMethod.Get, "/api/v3/allOrderList", EndpointSecurity.UserData, isIdempotent: true, RateLimitKinds.Request, "allOrderLists",
        static _ => 20, static (_, body) => BinanceResponseParser.ParseOrderLists(body));

    /// <summary>POST /api/v3/orderList/oto (TRADE): weight 1, two unfilled orders; never retried blindly.</summary>
    public static readonly Endpoint<OtoOrderListArgs, OrderList> PlaceOtoOrderList = new(
        "orderList.place.oto", HttpMethod.Post, "/api/v3/orderList/oto", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders,
        "orderList.place.oto", static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body))
    { UnfilledOrders = 2 };

    /// <summary>POST /api/v3/orderList/otoco (TRADE): weight 1, three unfilled orders; never retried blindly.</summary>
    public static readonly Endpoint<OtocoOrderListArgs, OrderList> PlaceOtocoOrderList = new(
        "orderList.place.otoco", HttpMethod.Post, "/api/v3/orderList/otoco", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders,
        "orderList.place.otoco", static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body))
    { UnfilledOrders = 3 };

    /// <summary>POST /api/v3/orderList/opo (TRADE): weight 1, two unfilled orders; never retried blindly.</summary>
    public static readonly Endpoint<OpoOrderListArgs, OrderList> PlaceOpoOrderList = new(
        "orderList.place.opo", HttpMethod.Post, "/api/v3/orderList/opo", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders,
        "orderList.place.opo", static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body))
    { UnfilledOrders = 2 };

    /// <summary>POST /api/v3/orderList/opoco (TRADE): weight 1, three unfilled orders; never retried blindly.</summary>
    public static readonly Endpoint<OpocoOrderListArgs, OrderList> PlaceOpocoOrderList = new(
        "orderList.place.opoco", HttpMethod.Post, "/api/v3/orderList/opoco", EndpointSecurity.Trade, isIdempotent: false, RateLimitKinds.Request | RateLimitKinds.Orders,
        "orderList.place.opoco", static _ => 1, static (_, body) => BinanceResponseParser.ParseOrderList(body))
    { UnfilledOrders = 3 };

    /// <summary>Every endpoint above, in declaration order.</summary>
    public static IReadOnlyList<EndpointDescriptor> All { get; } =
    [
        Ping, ServerTime, ExchangeInfo, Depth, RecentTrades, HistoricalTrades, AggregateTrades, Klines, AveragePrice, Ticker24h, PriceTicker,
        BookTicker, Account, PlaceOrder, TestOrder, CancelOrder, QueryOrder, OpenOrders, AllOrders, MyTrades,
        UiKlines, RollingTicker, TradingDayTicker,
        AccountCommission, UnfilledOrderCount, PreventedMatches, AccountFilters,
        ReferencePrice, ReferencePriceCalculation, ExecutionRules, HistoricalBlockTrades,
        CancelOpenOrders, CancelReplace, AmendOrder, OrderAmendments, SorOrder, SorTestOrder, Allocations,
        PlaceOcoOrderList, QueryOrderList, CancelOrderList, OpenOrderLists, AllOrderLists, PlaceOtoOrderList, PlaceOtocoOrderList, PlaceOpoOrderList,
        PlaceOpocoOrderList,
    ];

    /// <summary>Finds the endpoint served at a method and path, or null.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The endpoint or null.</returns>
    public static EndpointDescriptor? Find(HttpMethod method, string path)
    {
        foreach (var endpoint in All)
        {
            if (endpoint.Endpoint.HttpMethod == method && string.Equals(endpoint.Endpoint.Path, path, StringComparison.Ordinal))
            {
                return endpoint;
            }
        }

        return null;
    }

    /// <summary>Finds the descriptor of an endpoint, or null.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The descriptor or null.</returns>
    public static EndpointDescriptor? Find(ExchangeEndpoint endpoint) =>
        endpoint is null ? null : Find(endpoint.HttpMethod, endpoint.Path);

    /// <summary>Depth weight: 5 for limit 1–100, 25 for 101–500, 50 for 501–1000, 250 above (Binance serves at most 5000).</summary>
    /// <param name="limit">The limit.</param>
    /// <returns>The weight.</returns>
    internal static int DepthWeight(int limit) => limit switch
    {
        <= 100 => 5,
        <= 500 => 25,
        <= 1000 => 50,
        _ => 250,
    };

    /// <summary>24 h ticker weight: 2 for one symbol; 2 / 40 / 80 for 1–20 / 21–100 / 101+ symbols; 80 for all.</summary>
    /// <param name="args">The arguments.</param>
    /// <returns>The weight.</returns>
    internal static int Ticker24hWeight(TickerArgs args) => args switch
    {
        { Symbol: not null } => 2,
        { Symbols: null } => 80,
        { Symbols.Count: <= 20 } => 2,
        { Symbols.Count: <= 100 } => 40,
        _ => 80,
    };

    private static Endpoint<TArgs, TResult> Market<TArgs, TResult>(
        string name, string path, string webSocketMethod, Func<TArgs, int> weight, Func<TArgs, ReadOnlyMemory<byte>, TResult> read)
        where TArgs : IEndpointArgs<TArgs> =>
        new(name, HttpMethod.Get, path, EndpointSecurity.None, isIdempotent: true, RateLimitKinds.Request, webSocketMethod, weight, read);
}
