using Genesis.Exchange.Abstractions;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>The Binance Spot REST endpoints this library calls, with their security and retry safety (<c>rest-api.md</c>).</summary>
internal static class BinanceEndpoints
{
    /// <summary>GET /api/v3/ping (weight 1).</summary>
    public static readonly ExchangeEndpoint Ping = Get("ping", "/api/v3/ping", "ping");

    /// <summary>GET /api/v3/time (weight 1).</summary>
    public static readonly ExchangeEndpoint ServerTime = Get("time", "/api/v3/time", "time");

    /// <summary>GET /api/v3/exchangeInfo (weight 20).</summary>
    public static readonly ExchangeEndpoint ExchangeInfo = Get("exchangeInfo", "/api/v3/exchangeInfo", "exchangeInfo");

    /// <summary>GET /api/v3/depth (weight 5 … 250 by limit).</summary>
    public static readonly ExchangeEndpoint Depth = Get("depth", "/api/v3/depth", "depth");

    /// <summary>GET /api/v3/trades (weight 25).</summary>
    public static readonly ExchangeEndpoint RecentTrades = Get("trades", "/api/v3/trades", "trades.recent");

    /// <summary>GET /api/v3/historicalTrades (weight 25), older trades from an id: used to fill stream gaps.</summary>
    public static readonly ExchangeEndpoint HistoricalTrades = Get("historicalTrades", "/api/v3/historicalTrades", "trades.historical");

    /// <summary>GET /api/v3/aggTrades (weight 4).</summary>
    public static readonly ExchangeEndpoint AggregateTrades = Get("aggTrades", "/api/v3/aggTrades", "trades.aggregate");

    /// <summary>GET /api/v3/klines (weight 2).</summary>
    public static readonly ExchangeEndpoint Klines = Get("klines", "/api/v3/klines", "klines");

    /// <summary>GET /api/v3/avgPrice (weight 2).</summary>
    public static readonly ExchangeEndpoint AveragePrice = Get("avgPrice", "/api/v3/avgPrice", "avgPrice");

    /// <summary>GET /api/v3/ticker/24hr (weight 2 … 80 by symbol count).</summary>
    public static readonly ExchangeEndpoint Ticker24h = Get("ticker.24hr", "/api/v3/ticker/24hr", "ticker.24hr");

    /// <summary>GET /api/v3/ticker/price (weight 2 for one symbol, 4 otherwise).</summary>
    public static readonly ExchangeEndpoint PriceTicker = Get("ticker.price", "/api/v3/ticker/price", "ticker.price");

    /// <summary>GET /api/v3/ticker/bookTicker (weight 2 for one symbol, 4 otherwise).</summary>
    public static readonly ExchangeEndpoint BookTicker = Get("ticker.book", "/api/v3/ticker/bookTicker", "ticker.book");

    /// <summary>GET /api/v3/account (USER_DATA, weight 20).</summary>
    public static readonly ExchangeEndpoint Account = new("account", HttpMethod.Get, "/api/v3/account", EndpointSecurity.UserData, IsIdempotent: true, CountsAsOrder: false, "account.status");

    /// <summary>POST /api/v3/order (TRADE, weight 1, counts as an order; never retried blindly).</summary>
    public static readonly ExchangeEndpoint PlaceOrder = new("order.place", HttpMethod.Post, "/api/v3/order", EndpointSecurity.Trade, IsIdempotent: false, CountsAsOrder: true, "order.place");

    /// <summary>POST /api/v3/order/test (TRADE, weight 1; creates nothing, so safe to retry).</summary>
    public static readonly ExchangeEndpoint TestOrder = new("order.test", HttpMethod.Post, "/api/v3/order/test", EndpointSecurity.Trade, IsIdempotent: true, CountsAsOrder: false, "order.test");

    /// <summary>DELETE /api/v3/order (TRADE, weight 1; a cancel by id is idempotent).</summary>
    public static readonly ExchangeEndpoint CancelOrder = new("order.cancel", HttpMethod.Delete, "/api/v3/order", EndpointSecurity.Trade, IsIdempotent: true, CountsAsOrder: false, "order.cancel");

    /// <summary>GET /api/v3/order (USER_DATA, weight 4).</summary>
    public static readonly ExchangeEndpoint QueryOrder = new("order.status", HttpMethod.Get, "/api/v3/order", EndpointSecurity.UserData, IsIdempotent: true, CountsAsOrder: false, "order.status");

    /// <summary>GET /api/v3/openOrders (USER_DATA, weight 6 for one symbol, 80 for all).</summary>
    public static readonly ExchangeEndpoint OpenOrders = new("openOrders", HttpMethod.Get, "/api/v3/openOrders", EndpointSecurity.UserData, IsIdempotent: true, CountsAsOrder: false, "openOrders.status");

    /// <summary>GET /api/v3/allOrders (USER_DATA, weight 20).</summary>
    public static readonly ExchangeEndpoint AllOrders = new("allOrders", HttpMethod.Get, "/api/v3/allOrders", EndpointSecurity.UserData, IsIdempotent: true, CountsAsOrder: false, "allOrders");

    /// <summary>GET /api/v3/myTrades (USER_DATA, weight 20, or 5 with orderId).</summary>
    public static readonly ExchangeEndpoint MyTrades = new("myTrades", HttpMethod.Get, "/api/v3/myTrades", EndpointSecurity.UserData, IsIdempotent: true, CountsAsOrder: false, "myTrades");

    /// <summary>Every endpoint above.</summary>
    public static IReadOnlyList<ExchangeEndpoint> All { get; } =
    [
        Ping, ServerTime, ExchangeInfo, Depth, RecentTrades, HistoricalTrades, AggregateTrades, Klines, AveragePrice, Ticker24h, PriceTicker,
        BookTicker, Account, PlaceOrder, TestOrder, CancelOrder, QueryOrder, OpenOrders, AllOrders, MyTrades,
    ];

    /// <summary>Finds an endpoint by method and path, or null.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The endpoint or null.</returns>
    public static ExchangeEndpoint? Find(HttpMethod method, string path)
    {
        foreach (var endpoint in All)
        {
            if (endpoint.HttpMethod == method && string.Equals(endpoint.Path, path, StringComparison.Ordinal))
            {
                return endpoint;
            }
        }

        return null;
    }

    private static ExchangeEndpoint Get(string name, string path, string wsMethod) =>
        new(name, HttpMethod.Get, path, EndpointSecurity.None, IsIdempotent: true, CountsAsOrder: false, wsMethod);
}
