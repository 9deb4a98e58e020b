using Genesis.Exchange.Binance.Protocol;

namespace Genesis.Exchange.Mock.WebSocketApi;

/// <summary>
/// The methods the in-memory Binance serves on <c>/ws-api/v3</c> (web-socket-api.md): every method that mirrors a REST
/// endpoint is mapped onto that endpoint's descriptor, so its parameters, validation, errors, weight and JSON result are
/// the REST handler's; the session and user data stream methods are the session's own.
/// </summary>
internal static class WebSocketApiMethods
{
    private static readonly Dictionary<string, WebSocketApiMethod> ByName = Build();

    /// <summary>Every method served, by name.</summary>
    public static IReadOnlyDictionary<string, WebSocketApiMethod> All => ByName;

    /// <summary>Finds a method by name; an explicit version prefix (<c>v3/order.place</c>) is accepted.</summary>
    /// <param name="name">The method name.</param>
    /// <returns>The method, or null.</returns>
    public static WebSocketApiMethod? Find(string name)
    {
        if (name.StartsWith("v3/", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        return ByName.GetValueOrDefault(name);
    }

    private static Dictionary<string, WebSocketApiMethod> Build()
    {
        var rest = new (string Name, EndpointDescriptor Endpoint)[]
        {
            ("ping", SpotRestEndpoints.Ping),
            ("time", SpotRestEndpoints.ServerTime),
            ("exchangeInfo", SpotRestEndpoints.ExchangeInfo),
            ("depth", SpotRestEndpoints.Depth),
            ("trades.recent", SpotRestEndpoints.RecentTrades),
            ("trades.historical", SpotRestEndpoints.HistoricalTrades),
            ("trades.aggregate", SpotRestEndpoints.AggregateTrades),
            ("klines", SpotRestEndpoints.Klines),
            ("uiKlines", SpotRestEndpoints.UiKlines),
            ("avgPrice", SpotRestEndpoints.AveragePrice),
            ("ticker.24hr", SpotRestEndpoints.Ticker24h),
            ("ticker.tradingDay", SpotRestEndpoints.TradingDayTicker),
            ("ticker", SpotRestEndpoints.RollingTicker),
            ("ticker.price", SpotRestEndpoints.PriceTicker),
            ("ticker.book", SpotRestEndpoints.BookTicker),
            ("referencePrice", SpotRestEndpoints.ReferencePrice),
            ("referencePrice.calculation", SpotRestEndpoints.ReferencePriceCalculation),
            ("executionRules", SpotRestEndpoints.ExecutionRules),
            ("blockTrades.historical", SpotRestEndpoints.HistoricalBlockTrades),
            ("order.place", SpotRestEndpoints.PlaceOrder),
            ("order.test", SpotRestEndpoints.TestOrder),
            ("order.status", SpotRestEndpoints.QueryOrder),
            ("order.cancel", SpotRestEndpoints.CancelOrder),
            ("order.cancelReplace", SpotRestEndpoints.CancelReplace),
            ("order.amend.keepPriority", SpotRestEndpoints.AmendOrder),
            ("order.amendments", SpotRestEndpoints.OrderAmendments),
            ("openOrders.status", SpotRestEndpoints.OpenOrders),
            ("openOrders.cancelAll", SpotRestEndpoints.CancelOpenOrders),
            ("orderList.place.oco", SpotRestEndpoints.PlaceOcoOrderList),
            ("orderList.place.oto", SpotRestEndpoints.PlaceOtoOrderList),
            ("orderList.place.otoco", SpotRestEndpoints.PlaceOtocoOrderList),
            ("orderList.place.opo", SpotRestEndpoints.PlaceOpoOrderList),
            ("orderList.place.opoco", SpotRestEndpoints.PlaceOpocoOrderList),
            ("orderList.status", SpotRestEndpoints.QueryOrderList),
            ("orderList.cancel", SpotRestEndpoints.CancelOrderList),
            ("openOrderLists.status", SpotRestEndpoints.OpenOrderLists),
            ("allOrderLists", SpotRestEndpoints.AllOrderLists),
            ("sor.order.place", SpotRestEndpoints.SorOrder),
            ("sor.order.test", SpotRestEndpoints.SorTestOrder),
            ("account.status", SpotRestEndpoints.Account),
            ("account.commission", SpotRestEndpoints.AccountCommission),
            ("account.rateLimits.orders", SpotRestEndpoints.UnfilledOrderCount),
            ("allOrders", SpotRestEndpoints.AllOrders),
            ("myTrades", SpotRestEndpoints.MyTrades),
            ("myPreventedMatches", SpotRestEndpoints.PreventedMatches),
            ("myAllocations", SpotRestEndpoints.Allocations),
            ("myFilters", SpotRestEndpoints.AccountFilters),
        };

        var methods = rest.ToDictionary(
            r => r.Name,
            r => new WebSocketApiMethod(r.Name, WebSocketApiMethodKind.Rest, r.Endpoint, r.Endpoint.Endpoint.IsSigned, 0),
            StringComparer.Ordinal);

        // web-socket-api.md: weight 2 for each of these.
        methods["session.logon"] = new("session.logon", WebSocketApiMethodKind.Logon, null, IsSigned: true, 2);
        methods["session.status"] = new("session.status", WebSocketApiMethodKind.Status, null, IsSigned: false, 2);
        methods["session.logout"] = new("session.logout", WebSocketApiMethodKind.Logout, null, IsSigned: false, 2);
        methods["session.subscriptions"] = new("session.subscriptions", WebSocketApiMethodKind.Subscriptions, null, IsSigned: false, 2);
        methods["userDataStream.subscribe"] = new("userDataStream.subscribe", WebSocketApiMethodKind.Subscribe, null, IsSigned: false, 2);
        methods["userDataStream.subscribe.signature"] = new("userDataStream.subscribe.signature", WebSocketApiMethodKind.SubscribeSignature, null, IsSigned: true, 2);
        methods["userDataStream.unsubscribe"] = new("userDataStream.unsubscribe", WebSocketApiMethodKind.Unsubscribe, null, IsSigned: false, 2);
        return methods;
    }
}
