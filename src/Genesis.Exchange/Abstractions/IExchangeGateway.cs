using Genesis.Exchange.Models;

namespace Genesis.Exchange.Abstractions;

/// <summary>
/// The facade trading code uses: market data, account, orders and market state. The same code runs against
/// the mock exchange, the testnet and production; only options change.
/// </summary>
public interface IExchangeGateway
{
    /// <summary>Market data streams.</summary>
    IMarketStreamClient Streams { get; }

    /// <summary>
    /// The complete typed REST client behind this gateway (every Binance Spot endpoint), through the same resilience
    /// pipeline, rate budget and clock. The gateway's own calls use the same parameter and result types.
    /// </summary>
    IBinanceRestClient Rest { get; }

    /// <summary>The exchange's clock as estimated locally.</summary>
    IServerClock Clock { get; }

    /// <summary>Server time.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The server time.</returns>
    Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken = default);

    /// <summary>Exchange info (cached 24 h).</summary>
    /// <param name="forceRefresh">Bypass the cache.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The exchange info.</returns>
    Task<ExchangeInfo> GetExchangeInfoAsync(bool forceRefresh = false, CancellationToken cancellationToken = default);

    /// <summary>Rules of one symbol (status, filters, rounding helpers).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rules.</returns>
    Task<SymbolRules> GetSymbolRulesAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Order book snapshot.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">Levels per side.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The book.</returns>
    Task<OrderBook> GetOrderBookAsync(string symbol, int limit = 100, CancellationToken cancellationToken = default);

    /// <summary>Recent trades.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">How many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>Klines.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="limit">How many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The klines.</returns>
    Task<IReadOnlyList<Kline>> GetKlinesAsync(string symbol, KlineInterval interval, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>24 h statistics.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The statistics.</returns>
    Task<Ticker24h> GetTicker24hAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Last price.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The price.</returns>
    Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Best bid and ask.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The book ticker.</returns>
    Task<BookTicker> GetBookTickerAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>Account and balances.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The account.</returns>
    Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken = default);

    /// <summary>Places an order (validated, idempotent by client order id, reconciled on unknown status).</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">
    /// Cancels the call. If it fires before the order could be sent, <see cref="OperationCanceledException"/> is thrown
    /// and the order was not placed; once the order may have been sent, it is reconciled (bounded by
    /// <see cref="Options.OrderOptions.ReconcileTimeout"/>) and the outcome is the order or <see cref="Errors.UnknownOrderStatusException"/>.
    /// </param>
    /// <returns>The order.</returns>
    /// <exception cref="Errors.UnknownOrderStatusException">The order may have reached the exchange and reconciling by client order id could not tell.</exception>
    /// <exception cref="Errors.ExchangeException">Rejected by the exchange, or, with <see cref="Errors.ExchangeException.RequestNotSent"/> true, certainly not sent.</exception>
    Task<Order> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>
    /// The order tracker: every order placed through this gateway (send time, reference price, answer, unknown outcome)
    /// and, once <see cref="StartOrderTrackingAsync"/> ran, the account's user data stream, reconciled over REST after every
    /// reconnect, gap or unknown outcome.
    /// </summary>
    Tracking.IOrderTracker Orders { get; }

    /// <summary>
    /// Subscribes the user data stream, reconciles the tracker with the exchange (open orders, balances, trades) and keeps
    /// feeding it in the background until the gateway is disposed. Idempotent.
    /// </summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>Completes when the stream is subscribed and the first reconciliation is done.</returns>
    Task StartOrderTrackingAsync(CancellationToken cancellationToken = default);

    /// <summary>Validates an order on the exchange without placing it.</summary>
    /// <param name="order">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The result.</returns>
    Task<TestOrderResult> TestOrderAsync(OrderRequest order, CancellationToken cancellationToken = default);

    /// <summary>Cancels an order by client order id.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The canceled order.</returns>
    Task<Order> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>Queries an order by client order id.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="clientOrderId">The client order id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The order.</returns>
    Task<Order> GetOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken = default);

    /// <summary>Open orders (all symbols when null).</summary>
    /// <param name="symbol">The symbol or null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The orders.</returns>
    Task<IReadOnlyList<Order>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default);

    /// <summary>The account's trades on a symbol.</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="limit">How many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The trades.</returns>
    Task<IReadOnlyList<AccountTrade>> GetMyTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default);

    /// <summary>
    /// Classifies the market of a symbol: MAINTENANCE when the exchange or symbol is not trading, else PANIC,
    /// VOLATILE, NORMAL or DEAD from ATR volatility (klines), spread (bps) and 24 h volume against the thresholds in options.
    /// </summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The classification and its figures.</returns>
    Task<MarketStateReport> GetMarketStateAsync(string symbol, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes to the account's user data stream over the WebSocket API: execution reports, account positions, balance
    /// updates, list statuses, external locks. The subscription is re-established after every reconnect and after
    /// <c>eventStreamTerminated</c>; dispose it to unsubscribe. Needs credentials (except in mock mode).
    /// </summary>
    /// <param name="cancellationToken">Cancels the subscribe request (not the stream).</param>
    /// <returns>The running stream.</returns>
    /// <exception cref="Errors.ExchangeUnavailableException">No WebSocket API connection within <c>WebSocketApi.ConnectWait</c>.</exception>
    /// <exception cref="Errors.AuthenticationException">The exchange refused the key.</exception>
    Task<UserDataStreamSubscription> SubscribeUserDataAsync(CancellationToken cancellationToken = default);
}

