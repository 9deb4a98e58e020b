using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// The transport-level <see cref="ExchangeEndpoint"/> of each descriptor in <see cref="SpotRestEndpoints"/>, for code
/// that builds or matches requests without typed arguments (time sync, decorators, tests). Nothing is declared here:
/// every value comes from its descriptor.
/// </summary>
internal static class BinanceEndpoints
{
    /// <summary>GET /api/v3/ping.</summary>
    public static ExchangeEndpoint Ping => SpotRestEndpoints.Ping.Endpoint;

    /// <summary>GET /api/v3/time.</summary>
    public static ExchangeEndpoint ServerTime => SpotRestEndpoints.ServerTime.Endpoint;

    /// <summary>GET /api/v3/exchangeInfo.</summary>
    public static ExchangeEndpoint ExchangeInfo => SpotRestEndpoints.ExchangeInfo.Endpoint;

    /// <summary>GET /api/v3/depth.</summary>
    public static ExchangeEndpoint Depth => SpotRestEndpoints.Depth.Endpoint;

    /// <summary>GET /api/v3/trades.</summary>
    public static ExchangeEndpoint RecentTrades => SpotRestEndpoints.RecentTrades.Endpoint;

    /// <summary>GET /api/v3/historicalTrades.</summary>
    public static ExchangeEndpoint HistoricalTrades => SpotRestEndpoints.HistoricalTrades.Endpoint;

    /// <summary>GET /api/v3/aggTrades.</summary>
    public static ExchangeEndpoint AggregateTrades => SpotRestEndpoints.AggregateTrades.Endpoint;

    /// <summary>GET /api/v3/klines.</summary>
    public static ExchangeEndpoint Klines => SpotRestEndpoints.Klines.Endpoint;

    /// <summary>GET /api/v3/avgPrice.</summary>
    public static ExchangeEndpoint AveragePrice => SpotRestEndpoints.AveragePrice.Endpoint;

    /// <summary>GET /api/v3/ticker/24hr.</summary>
    public static ExchangeEndpoint Ticker24h => SpotRestEndpoints.Ticker24h.Endpoint;

    /// <summary>GET /api/v3/ticker/price.</summary>
    public static ExchangeEndpoint PriceTicker => SpotRestEndpoints.PriceTicker.Endpoint;

    /// <summary>GET /api/v3/ticker/bookTicker.</summary>
    public static ExchangeEndpoint BookTicker => SpotRestEndpoints.BookTicker.Endpoint;

    /// <summary>GET /api/v3/account.</summary>
    public static ExchangeEndpoint Account => SpotRestEndpoints.Account.Endpoint;

    /// <summary>POST /api/v3/order.</summary>
    public static ExchangeEndpoint PlaceOrder => SpotRestEndpoints.PlaceOrder.Endpoint;

    /// <summary>POST /api/v3/order/test.</summary>
    public static ExchangeEndpoint TestOrder => SpotRestEndpoints.TestOrder.Endpoint;

    /// <summary>DELETE /api/v3/order.</summary>
    public static ExchangeEndpoint CancelOrder => SpotRestEndpoints.CancelOrder.Endpoint;

    /// <summary>GET /api/v3/order.</summary>
    public static ExchangeEndpoint QueryOrder => SpotRestEndpoints.QueryOrder.Endpoint;

    /// <summary>GET /api/v3/openOrders.</summary>
    public static ExchangeEndpoint OpenOrders => SpotRestEndpoints.OpenOrders.Endpoint;

    /// <summary>GET /api/v3/allOrders.</summary>
    public static ExchangeEndpoint AllOrders => SpotRestEndpoints.AllOrders.Endpoint;

    /// <summary>GET /api/v3/myTrades.</summary>
    public static ExchangeEndpoint MyTrades => SpotRestEndpoints.MyTrades.Endpoint;

    /// <summary>Every endpoint of <see cref="SpotRestEndpoints.All"/>.</summary>
    public static IReadOnlyList<ExchangeEndpoint> All { get; } = [.. SpotRestEndpoints.All.Select(d => d.Endpoint)];

    /// <summary>Finds an endpoint by method and path, or null.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="path">The path.</param>
    /// <returns>The endpoint or null.</returns>
    public static ExchangeEndpoint? Find(HttpMethod method, string path) => SpotRestEndpoints.Find(method, path)?.Endpoint;
}
