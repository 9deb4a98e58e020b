using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.WebSocketApi;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange;

/// <summary>The default <see cref="IExchangeGateway"/>: delegates to the REST client, the stream client and the WebSocket API client (user data).</summary>
public sealed class ExchangeGateway : IExchangeGateway
{
    private readonly IBinanceRestClient _rest;
    private readonly TimeProvider _time;
    private readonly GenesisExchangeOptions _options;
    private readonly WebSocketApiClient? _webSocketApi;
    private readonly ILogger? _userDataLogger;

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
    }

    /// <summary>Creates the gateway with the WebSocket API client that serves user data (as <c>AddGenesisExchange</c> does).</summary>
    internal ExchangeGateway(IBinanceRestClient rest, IMarketStreamClient streams, IServerClock clock, TimeProvider timeProvider, GenesisExchangeOptions options, WebSocketApiClient webSocketApi, ILogger? userDataLogger)
        : this(rest, streams, clock, timeProvider, options)
    {
        ArgumentNullException.ThrowIfNull(webSocketApi);
        _webSocketApi = webSocketApi;
        _userDataLogger = userDataLogger;
    }

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
    public Task<Order> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default) => _rest.PlaceOrderAsync(order, cancellationToken);

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
