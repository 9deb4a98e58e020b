using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tracking;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange;

/// <summary>The default <see cref="IExchangeGateway"/>: delegates to the REST client, the stream client and the WebSocket API client (user data).</summary>
public sealed class ExchangeGateway : IExchangeGateway, IAsyncDisposable, IDisposable
{
    private readonly IBinanceRestClient _rest;
    private readonly TimeProvider _time;
    private readonly GenesisExchangeOptions _options;
    private readonly WebSocketApiClient? _webSocketApi;
    private readonly ILogger? _userDataLogger;
    private readonly object _trackingGate = new();
    private readonly CancellationTokenSource _trackingStop = new();
    private Task? _tracking;

    /// <summary>Creates the gateway.</summary>
    /// <param name="rest">The REST client.</param>
    /// <param name="streams">The stream client.</param>
    /// <param name="clock">The server clock.</param>
    /// <param name="timeProvider">Time source.</param>
    /// <param name="options">Options.</param>
    public ExchangeGateway(IBinanceRestClient rest, IMarketStreamClient streams, IServerClock clock, TimeProvider timeProvider, GenesisExchangeOptions options)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        _rest = rest;
        Streams = streams;
        Clock = clock;
        _time = timeProvider;
        _options = options;
        Orders = new OrderTracker(rest, timeProvider, options.Tracker);
    }

    /// <summary>Creates the gateway with the WebSocket API client that serves user data (as <c>AddGenesisExchange</c> does).</summary>
    internal ExchangeGateway(IBinanceRestClient rest, IMarketStreamClient streams, IServerClock clock, TimeProvider timeProvider, GenesisExchangeOptions options, WebSocketApiClient webSocketApi, ILogger? userDataLogger, IOrderTracker? tracker = null)
        : this(rest, streams, clock, timeProvider, options)
    {
        ArgumentNullException.ThrowIfNull(webSocketApi);
        _webSocketApi = webSocketApi;
        _userDataLogger = userDataLogger;
        Orders = tracker ?? Orders;
    }

    /// <inheritdoc />
    public IOrderTracker Orders { get; }

    /// <inheritdoc />
    public IMarketStreamClient Streams { get; }

    /// <inheritdoc />
    public IBinanceRestClient Rest => _rest;

    /// <inheritdoc />
    public IServerClock Clock { get; }

    /// <inheritdoc />
    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken = default) => _rest.GetServerTimeAsync(cancellationToken);

    /// <inheritdoc />
    public Task<ExchangeInfo> GetExchangeInfoAsync(bool forceRefresh = false, CancellationToken cancellationToken = default) => _rest.GetExchangeInfoAsync(forceRefresh, cancellationToken);

    /// <inheritdoc />
    public Task<SymbolRules> GetSymbolRulesAsync(string symbol, CancellationToken cancellationToken = default) => _rest.GetSymbolRulesAsync(symbol, cancellationToken);

    /// <inheritdoc />
    public Task<OrderBook> GetOrderBookAsync(string symbol, int limit = 100, CancellationToken cancellationToken = default) => _rest.GetOrderBookAsync(symbol, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default) => _rest.GetRecentTradesAsync(symbol, limit, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Kline>> GetKlinesAsync(string symbol, KlineInterval interval, int limit = 500, CancellationToken cancellationToken = default) =>
        _rest.GetKlinesAsync(symbol, interval, limit, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<Ticker24h> GetTicker24hAsync(string symbol, CancellationToken cancellationToken = default) => _rest.GetTicker24hAsync(symbol, cancellationToken);

    /// <inheritdoc />
    public async Task<decimal> GetPriceAsync(string symbol, CancellationToken cancellationToken = default) =>
        (await _rest.GetPriceAsync(symbol, cancellationToken).ConfigureAwait(false)).Price;

    /// <inheritdoc />
    public Task<BookTicker> GetBookTickerAsync(string symbol, CancellationToken cancellationToken = default) => _rest.GetBookTickerAsync(symbol, cancellationToken);

    /// <inheritdoc />
    public Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken = default) => _rest.GetAccountAsync(cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The order is tracked (<see cref="Orders"/>): its send time and reference price are recorded before it goes out
    /// (latency, slippage), the answer is applied, a refusal marks it rejected, and an unknown outcome is reconciled by
    /// its client order id in the background (the caller still gets <see cref="UnknownOrderStatusException"/>).
    /// </remarks>
    public async Task<Order> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var tracked = order.ClientOrderId is null ? order with { ClientOrderId = ClientOrderIds.New(_options.Orders.ClientOrderIdPrefix) } : order;
        Orders.OnSending(tracked);
        try
        {
            var placed = await _rest.PlaceOrderAsync(tracked, cancellationToken).ConfigureAwait(false);
            Orders.OnOrderResponse(placed);
            return placed;
        }
        catch (UnknownOrderStatusException ex)
        {
            _ = Orders.TrackUnknownAsync(ex.ClientOrderId, tracked.Symbol, CancellationToken.None);
            throw;
        }
        catch (Exception ex) when (ex is not UnknownOrderStatusException)
        {
            // Anything but an unknown outcome means the order was not placed (refused, or never sent).
            Orders.OnNotPlaced(tracked.ClientOrderId!, ex.Message);
            throw;
        }
    }

    /// <inheritdoc />
    public async Task StartOrderTrackingAsync(CancellationToken cancellationToken = default)
    {
        lock (_trackingGate)
        {
            if (_tracking is not null)
            {
                return;
            }

            _tracking = Task.CompletedTask; // claimed: a second call returns at once
        }

        var subscription = await SubscribeUserDataAsync(cancellationToken).ConfigureAwait(false);
        await Orders.ReconcileAsync(cancellationToken).ConfigureAwait(false);
        lock (_trackingGate)
        {
            _tracking = Task.Run(() => FeedTrackerAsync(subscription, _trackingStop.Token), CancellationToken.None);
        }
    }

    /// <summary>Stops feeding the order tracker and unsubscribes its user data stream.</summary>
    /// <returns>Completes when the feed stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? tracking;
        lock (_trackingGate)
        {
            if (_trackingStop.IsCancellationRequested)
            {
                return;
            }

            tracking = _tracking;
        }

        await _trackingStop.CancelAsync().ConfigureAwait(false);
        if (tracking is not null)
        {
            await tracking.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

    }

    /// <summary>Stops feeding the order tracker, blocking until done (for containers disposed synchronously); prefer <see cref="DisposeAsync"/>.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>
    /// Feeds the user data stream to the tracker; reconciles after every resubscription (a reconnect, a terminated
    /// stream), checked with each event and every second while quiet.
    /// </summary>
    private async Task FeedTrackerAsync(UserDataStreamSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            var seen = subscription.Resubscriptions;
            var reader = subscription.Events;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var second = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
                    using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, second.Token);
                    bool more;
                    try
                    {
                        more = await reader.WaitToReadAsync(quiet.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        more = true; // a quiet second: only check for a resubscription
                    }

                    if (!more)
                    {
                        return;
                    }

                    var resubscriptions = subscription.Resubscriptions;
                    if (resubscriptions != seen)
                    {
                        try
                        {
                            await Orders.ReconcileAsync(cancellationToken).ConfigureAwait(false);
                            seen = resubscriptions;
                        }
                        catch (ExchangeException)
                        {
                            // Not reconciled (the tracker logs why): tried again within a second.
                        }
                    }

                    while (reader.TryRead(out var userDataEvent))
                    {
                        await Orders.ProcessAsync(userDataEvent, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Disposed.
            }
            catch (Exception ex) when (_userDataLogger is not null)
            {
                Genesis.Exchange.Tracking.Log.FeedStopped(_userDataLogger, ex);
            }
        }
        finally
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public Task<TestOrderResult> TestOrderAsync(OrderRequest order, CancellationToken cancellationToken = default) => _rest.TestOrderAsync(order, false, cancellationToken);

    /// <inheritdoc />
    public Task<Order> CancelOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken = default) =>
        _rest.CancelOrderAsync(symbol, clientOrderId: clientOrderId, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<Order> GetOrderAsync(string symbol, string clientOrderId, CancellationToken cancellationToken = default) =>
        _rest.GetOrderAsync(symbol, clientOrderId: clientOrderId, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default) => _rest.GetOpenOrdersAsync(symbol, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountTrade>> GetMyTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default) =>
        _rest.GetMyTradesAsync(symbol, limit: limit, cancellationToken: cancellationToken);

    /// <inheritdoc />
    public async Task<MarketStateReport> GetMarketStateAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        try
        {
            var rules = await _rest.GetSymbolRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
            if (!rules.IsTrading)
            {
                return new MarketStateReport(rules.Symbol, MarketState.Maintenance, 0, 0, 0, $"symbol status {rules.RawStatus}", now);
            }

            var o = _options.MarketState;
            var klinesTask = _rest.GetKlinesAsync(rules.Symbol, o.AtrInterval, o.AtrPeriods + 1, cancellationToken: cancellationToken);
            var bookTask = _rest.GetBookTickerAsync(rules.Symbol, cancellationToken);
            var tickerTask = _rest.GetTicker24hAsync(rules.Symbol, cancellationToken);
            await Task.WhenAll(klinesTask, bookTask, tickerTask).ConfigureAwait(false);

            var atr = decimal.Round(MarketStateClassifier.AtrPercent(await klinesTask.ConfigureAwait(false), o.AtrPeriods), 6);
            var spread = decimal.Round((await bookTask.ConfigureAwait(false)).SpreadBasisPoints ?? 10_000m, 4);
            var volume = (await tickerTask.ConfigureAwait(false)).QuoteVolume;
            var (state, reason) = MarketStateClassifier.Classify(true, atr, spread, volume, o);
            return new MarketStateReport(rules.Symbol, state, atr, spread, volume, reason, now);
        }
        catch (ExchangeUnavailableException ex) when (IsMaintenanceSignal(ex))
        {
            return new MarketStateReport(symbol.ToUpperInvariant(), MarketState.Maintenance, 0, 0, 0, $"exchange unavailable: {ex.Message}", now);
        }
    }

    /// <inheritdoc />
    /// <exception cref="NotSupportedException">The gateway was built without a WebSocket API client (use <c>AddGenesisExchange</c>).</exception>
    public async Task<UserDataStreamSubscription> SubscribeUserDataAsync(CancellationToken cancellationToken = default)
    {
        var client = _webSocketApi ?? throw new NotSupportedException(
            "This gateway has no WebSocket API client, so no user data stream: build it with AddGenesisExchange, which registers one.");
        var ws = _options.WebSocketApi;
        var stream = new UserDataStreamSubscription(
            ct => client.SubscribeUserDataAsync(ws.UserDataBufferCapacity, ct),
            client.UnsubscribeUserDataAsync,
            ws.UserDataBufferCapacity,
            _time,
            ws.ReconnectBaseDelay,
            ws.ReconnectMaxDelay,
            _userDataLogger);
        try
        {
            await stream.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return stream;
    }

    /// <summary>
    /// Maintenance signals: -1016 (service shutting down), HTTP 503 after retries, or a circuit opened by repeated
    /// failures. A single timeout is not one: it surfaces as an exception.
    /// </summary>
    private static bool IsMaintenanceSignal(ExchangeUnavailableException ex) =>
        ex is CircuitOpenException || ex.BinanceCode is -1016 || ex.HttpStatus is 503;
}
