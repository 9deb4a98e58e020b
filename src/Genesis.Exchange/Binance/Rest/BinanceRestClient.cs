using System.Collections.Concurrent;
using System.Globalization;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>
/// The typed Binance REST client: builds requests with their documented weights, sends them through the
/// (decorated) transport, turns errors into typed exceptions and parses responses. Order placement validates
/// first and reconciles by client order id when the outcome is unknown; it never sends an order twice.
/// </summary>
public sealed partial class BinanceRestClient : IBinanceRestClient, IDisposable
{
    private readonly IExchangeTransport _transport;
    private readonly bool _transportEnforcesTotalTimeout;
    private readonly TimeProvider _time;
    private readonly GenesisExchangeOptions _options;
    private readonly ILogger<BinanceRestClient> _logger;
    private readonly SemaphoreSlim _infoLock = new(1, 1);
    private volatile ExchangeInfoEntry? _info;

    // Per-symbol checks made after the full exchange info was loaded (status refreshes and invalidations).
    private readonly ConcurrentDictionary<string, SymbolCheck> _symbolChecks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the client.</summary>
    /// <param name="transport">The transport (usually the decorated pipeline).</param>
    /// <param name="timeProvider">Time source.</param>
    /// <param name="options">Options.</param>
    /// <param name="logger">Logger.</param>
    public BinanceRestClient(IExchangeTransport transport, TimeProvider timeProvider, GenesisExchangeOptions options, ILogger<BinanceRestClient> logger)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _transport = transport;
        _transportEnforcesTotalTimeout = transport is ITotalTimeoutTransport { EnforcesTotalTimeout: true };
        _time = timeProvider;
        _options = options;
        _logger = logger;
    }

    /// <summary>Raised after exchange info was (re)loaded, e.g. to apply its rate limits.</summary>
    public event Action<ExchangeInfo>? ExchangeInfoLoaded;

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.Ping, NoArgs.Instance, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset> GetServerTimeAsync(CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.ServerTime, NoArgs.Instance, cancellationToken);

    /// <inheritdoc />
    public async Task<ExchangeInfo> GetExchangeInfoAsync(bool forceRefresh = false, CancellationToken cancellationToken = default)
    {
        var entry = _info;
        if (!forceRefresh && entry is not null && _time.GetUtcNow() < entry.ExpiresAt)
        {
            return entry.Info;
        }

        await _infoLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            entry = _info;
            if (!forceRefresh && entry is not null && _time.GetUtcNow() < entry.ExpiresAt)
            {
                return entry.Info;
            }

            var info = await SendAsync(SpotRestEndpoints.ExchangeInfo, ExchangeInfoArgs.All, cancellationToken).ConfigureAwait(false);
            foreach (var failure in info.FailedSymbols)
            {
                Log.SymbolSkipped(_logger, $"{failure.Symbol}: {failure.Reason}");
            }

            var now = _time.GetUtcNow();
            _symbolChecks.Clear();
            _info = new ExchangeInfoEntry(info, now, now + _options.ExchangeInfoCacheDuration);
            Log.ExchangeInfoLoaded(_logger, info.Symbols.Count, info.RateLimits.Count);
            ExchangeInfoLoaded?.Invoke(info);
            return info;
        }
        finally
        {
            _infoLock.Release();
        }
    }

    /// <inheritdoc />
    public Task<ExchangeInfo> GetExchangeInfoAsync(ExchangeInfoQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Symbols is { } symbols && (query.Permissions is not null || query.Status is not null))
        {
            throw new ArgumentException("Binance filters exchange info either by symbols or by permissions and status, not both (-1128 otherwise).", nameof(query));
        }

        if (query.Symbols is { Count: 0 } || query.Permissions is { Count: 0 })
        {
            throw new ArgumentException("An empty symbol or permission list selects nothing; leave it null for no filter.", nameof(query));
        }

        var status = query.Status switch
        {
            null => null,
            SymbolStatus.Trading => "TRADING",
            SymbolStatus.Halt => "HALT",
            SymbolStatus.Break => "BREAK",
            _ => throw new ArgumentException($"Binance filters exchange info by TRADING, HALT or BREAK only, not {query.Status}.", nameof(query)),
        };
        var names = query.Symbols?.Select(Symbol).ToArray();
        var args = names is { Length: 1 }
            ? new ExchangeInfoArgs(names[0], null, null, query.ShowPermissionSets ? null : false, null)
            : new ExchangeInfoArgs(null, names, query.Permissions?.Select(p => p.Trim().ToUpperInvariant()).ToArray(), query.ShowPermissionSets ? null : false, status);
        return SendAsync(SpotRestEndpoints.ExchangeInfo, args, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The full exchange info is cached for <see cref="GenesisExchangeOptions.ExchangeInfoCacheDuration"/>, but a symbol's
    /// rules (its status above all) are fetched again with <c>exchangeInfo?symbol=</c> once they are older than
    /// <see cref="GenesisExchangeOptions.SymbolStatusRefreshInterval"/>, or on the next call after the exchange rejected a
    /// request on that symbol as not trading ("Market is closed.", invalid symbol, a filter failure).
    /// </remarks>
    public async Task<SymbolRules> GetSymbolRulesAsync(string symbol, CancellationToken cancellationToken = default)
    {
        var key = Symbol(symbol);
        var info = await GetExchangeInfoAsync(false, cancellationToken).ConfigureAwait(false);
        if (TryFreshRules(key, info, out var fresh))
        {
            return fresh.Resolve(key, info);
        }

        await _infoLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Another caller may have refreshed the symbol (or the whole info) while this one waited.
            info = _info?.Info ?? info;
            if (TryFreshRules(key, info, out fresh))
            {
                return fresh.Resolve(key, info);
            }

            ExchangeInfo one;
            try
            {
                one = await SendAsync(SpotRestEndpoints.ExchangeInfo, new ExchangeInfoArgs(Symbol: key), cancellationToken).ConfigureAwait(false);
            }
            catch (ExchangeException ex)
            {
                // Remember the attempt so a symbol the exchange refuses (-1121) is not asked for on every call,
                // and is refused locally, not with its old rules, until it is looked at again.
                var now = _time.GetUtcNow();
                var unlisted = ex.BinanceCode == -1121;
                _symbolChecks.AddOrUpdate(
                    key,
                    _ => new SymbolCheck(null, null, now, Stale: true) { Unlisted = unlisted },
                    (_, previous) => previous with { CheckedAt = now, Stale = true, Unlisted = unlisted || previous.Unlisted });
                throw;
            }

            var check = one.Symbols.TryGetValue(key, out var rules)
                ? new SymbolCheck(rules, null, _time.GetUtcNow(), Stale: false)
                : one.FailedSymbols.FirstOrDefault(f => string.Equals(f.Symbol, key, StringComparison.OrdinalIgnoreCase)) is { } failure
                    ? new SymbolCheck(null, failure, _time.GetUtcNow(), Stale: false)
                    : throw new ExchangeValidationException($"Symbol '{key}' is not listed in exchange info.", binanceCode: -1121);
            _symbolChecks[key] = check;
            Log.SymbolRulesRefreshed(_logger, key, rules?.RawStatus ?? "unparsable");
            return check.Resolve(key, info);
        }
        finally
        {
            _infoLock.Release();
        }
    }

    /// <summary>Makes the next <see cref="GetSymbolRulesAsync"/> for <paramref name="symbol"/> fetch its rules again.</summary>
    /// <param name="symbol">The symbol.</param>
    internal void InvalidateSymbolRules(string symbol)
    {
        // Never fetched on its own yet: the next call fetches it. Fetched on its own before: not again within a few seconds.
        var key = symbol.Trim().ToUpperInvariant();
        _symbolChecks.AddOrUpdate(key, static _ => new SymbolCheck(null, null, DateTimeOffset.MinValue, Stale: true), static (_, previous) => previous with { Stale = true });
        Log.SymbolRulesInvalidated(_logger, key);
    }

    /// <summary>
    /// Whether an error means the symbol's cached rules are out of date: the exchange says the market is closed, does
    /// not know the symbol, or applied a filter differently than the cached rules.
    /// </summary>
    /// <param name="error">The error.</param>
    /// <returns>True when the rules should be fetched again.</returns>
    internal static bool MeansSymbolRulesChanged(ExchangeException error) => error switch
    {
        SymbolNotTradingException => true,
        FilterViolationException => true,
        { BinanceCode: -1121 } => true,
        { BinanceCode: not null } => error.Message.Contains("Market is closed", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private void InvalidateSymbolRulesOn(ExchangeRequest request, ExchangeException error)
    {
        if (request.GetParameter("symbol") is { Length: > 0 } symbol && MeansSymbolRulesChanged(error))
        {
            InvalidateSymbolRules(symbol);
        }
    }

    private bool TryFreshRules(string key, ExchangeInfo info, out SymbolCheck check)
    {
        var now = _time.GetUtcNow();
        var interval = _options.SymbolStatusRefreshInterval;
        if (!_symbolChecks.TryGetValue(key, out var found))
        {
            // Nothing checked since the full load: the full info is as fresh as its load time.
            var loadedAt = _info?.LoadedAt ?? DateTimeOffset.MinValue;
            found = new SymbolCheck(null, null, loadedAt, Stale: false);
            check = found;
            return ReferenceEquals(_info?.Info, info) && now - loadedAt < interval;
        }

        check = found;

        // An invalidated symbol is fetched again, but not more often than every few seconds: a caller retrying an
        // order on a closed market must not turn each attempt into an exchange info request.
        return found.Stale ? now - found.CheckedAt < MinimumSymbolRecheck : now - found.CheckedAt < interval;
    }

    /// <inheritdoc />
    public Task<OrderBook> GetOrderBookAsync(string symbol, int limit = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 5000);
        return SendAsync(SpotRestEndpoints.Depth, new DepthArgs(Symbol(symbol), limit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Trade>> GetRecentTradesAsync(string symbol, int limit = 500, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.RecentTrades, new RecentTradesArgs(Symbol(symbol), Limit(limit, 1000)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Trade>> GetHistoricalTradesAsync(string symbol, long? fromId = null, int limit = 500, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.HistoricalTrades, new HistoricalTradesArgs(Symbol(symbol), Limit(limit, 1000), fromId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AggregateTrade>> GetAggregateTradesAsync(string symbol, long? fromId = null, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, int limit = 500, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.AggregateTrades, new AggregateTradesArgs(Symbol(symbol), fromId, startTime, endTime, Limit(limit, 1000)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Kline>> GetKlinesAsync(string symbol, KlineInterval interval, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.Klines, new KlinesArgs(Symbol(symbol), interval, Limit(limit, 1000), startTime, endTime), cancellationToken);

    /// <summary>GET /api/v3/klines with <c>timeZone</c> (the kline stream's time-zone variant; used by its gap fill).</summary>
    /// <param name="symbol">The symbol.</param>
    /// <param name="interval">The interval.</param>
    /// <param name="limit">How many (max 1000).</param>
    /// <param name="startTime">Start of range.</param>
    /// <param name="endTime">End of range.</param>
    /// <param name="timeZone">The offset the intervals are aligned to, or null for UTC.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The klines, oldest first.</returns>
    internal Task<IReadOnlyList<Kline>> GetKlinesInTimeZoneAsync(string symbol, KlineInterval interval, int limit, DateTimeOffset? startTime, DateTimeOffset? endTime, TimeSpan? timeZone, CancellationToken cancellationToken = default)
    {
        if (timeZone is { } offset && !KlineTimeZone.IsValid(offset))
        {
            throw new ArgumentOutOfRangeException(nameof(timeZone), offset, "The time zone must be whole minutes within [-12:00, +14:00].");
        }

        return SendAsync(SpotRestEndpoints.Klines, new KlinesArgs(Symbol(symbol), interval, Limit(limit, 1000), startTime, endTime, timeZone), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Ticker24h> GetTicker24hAsync(string symbol, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.Ticker24h, TickerArgs.One(Symbol(symbol)), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker24h>> GetTickers24hAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0)
        {
            throw new ArgumentException("At least one symbol is required.", nameof(symbols));
        }

        return SendAsync(SpotRestEndpoints.Ticker24h, TickerArgs.Many([.. symbols.Select(Symbol)]), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<PriceTicker> GetPriceAsync(string symbol, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.PriceTicker, TickerArgs.One(Symbol(symbol)), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public async Task<BookTicker> GetBookTickerAsync(string symbol, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.BookTicker, TickerArgs.One(Symbol(symbol)), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<AveragePrice> GetAveragePriceAsync(string symbol, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.AveragePrice, new SymbolArgs(Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<AccountInfo> GetAccountAsync(CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.Account, new AccountArgs(OmitZeroBalances: true), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// What the caller learns, by what may have happened:
    /// <list type="bullet">
    /// <item>An <see cref="Order"/>: the exchange's answer to the placement, or, when that answer was lost or unreadable,
    /// the order as a query by client order id found it.</item>
    /// <item>A typed <see cref="ExchangeException"/> with <see cref="ExchangeException.RequestNotSent"/> true: the order
    /// certainly did not leave the process (connection refused, total timeout while waiting in the rate limiter,
    /// failed time sync, open circuit, IP ban); it was not placed.</item>
    /// <item><see cref="OperationCanceledException"/>: <paramref name="cancellationToken"/> fired before the order could
    /// be sent; it was not placed.</item>
    /// <item>Any other <see cref="ExchangeException"/>: the exchange answered and rejected the order.</item>
    /// <item><see cref="UnknownOrderStatusException"/>: the order may have reached the exchange (timeout, broken
    /// connection, HTTP client disposed, 5xx, -1006/-1007, a 2xx body that does not parse, or the caller cancelling
    /// after it was sent) and queries by client order id, bounded by <see cref="OrderOptions.ReconcileTimeout"/> and not
    /// by <paramref name="cancellationToken"/>, could not settle it. Query the order by its client order id before acting.</item>
    /// </list>
    /// No other exception type leaves this method for a failure of the exchange or the network.
    /// </remarks>
    public async Task<Order> PlaceOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        return await PlaceAsync(SpotRestEndpoints.PlaceOrder, order, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Places an order through <paramref name="endpoint"/> (new order or SOR order) with <see cref="PlaceOrderAsync"/>'s rules.</summary>
    private async Task<Order> PlaceAsync(Endpoint<PlaceOrderArgs, Order> endpoint, OrderRequest order, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(order, cancellationToken).ConfigureAwait(false);
        var args = new PlaceOrderArgs(prepared);
        var request = endpoint.CreateRequest(args);
        using var scope = BeginScope(request, prepared.ClientOrderId);
        var started = _time.GetTimestamp();
        return await SendPlacementAsync(
            request,
            response =>
            {
                var placed = Enrich(endpoint.Read(args, response), prepared, _time.GetElapsedTime(started));
                Log.OrderPlaced(_logger, placed.ClientOrderId, placed.Side.ToString(), placed.Type.ToString(), placed.Symbol, placed.Status.ToString(), placed.FilledQuantity, placed.LatencyMs);
                return placed;
            },
            failure => ReconcileAsync(prepared, request, failure, (found, _) => Task.FromResult(Enrich(found, prepared, _time.GetElapsedTime(started)))),
            refusal: null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request that may create an order, exactly once, and tells apart what may have happened (see
    /// <see cref="PlaceOrderAsync"/>): not sent (typed exception with <see cref="ExchangeException.RequestNotSent"/>),
    /// refused (typed exception, or <paramref name="refusal"/>'s when it recognises the answer), answered (<paramref name="read"/>),
    /// or unknown (<paramref name="reconcile"/>, which settles it by client order id or throws <see cref="UnknownOrderStatusException"/>).
    /// </summary>
    private async Task<T> SendPlacementAsync<T>(
        ExchangeRequest request,
        Func<ExchangeResponse, T> read,
        Func<PlacementFailure, Task<T>> reconcile,
        Func<ExchangeRequest, ExchangeResponse, ExchangeException?>? refusal,
        CancellationToken cancellationToken)
    {
        ExchangeResponse response;
        using (var total = TotalTimeout())
        using (var linked = total is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token))
        {
            try
            {
                response = await _transport.SendAsync(request, linked?.Token ?? cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !MayHaveBeenSent(request, null))
            {
                // The caller cancelled before anything left: the documented signal for "not placed".
                throw;
            }
            catch (ExchangeException ex) when (!MayHaveBeenSent(request, ex))
            {
                // Thrown before the transport handed the order over (limiter, time sync, breaker, signing): not placed.
                ex.MarkRequestNotSent();
                ex.CorrelationId ??= request.CorrelationId;
                throw;
            }
            catch (Exception ex) when (!MayHaveBeenSent(request, ex))
            {
                throw NotSent(request, ex, total?.IsCancellationRequested == true);
            }
            catch (Exception ex)
            {
                // Every failure after the bytes may have left (whatever its type) leaves the outcome unknown: reconcile.
                var reason = cancellationToken.IsCancellationRequested ? "the caller cancelled after the order may have been sent"
                    : total?.IsCancellationRequested == true ? $"no answer within the total timeout of {_options.Timeouts.Total.TotalSeconds:0.#} s"
                    : ex.Message;
                var exchangeError = ex as ExchangeException;
                return await reconcile(new PlacementFailure(reason, ex, exchangeError?.BinanceCode, exchangeError?.HttpStatus, exchangeError?.ResponseBodyExcerpt)).ConfigureAwait(false);
            }
        }

        if (IsOutcomeUnknown(response, out var unknownCode))
        {
            var reason = unknownCode is { } c ? $"HTTP {response.StatusCode}, Binance code {c}" : $"HTTP {response.StatusCode}";
            return await reconcile(new PlacementFailure(reason, null, unknownCode, response.StatusCode, response.BodyExcerpt())).ConfigureAwait(false);
        }

        if (refusal is not null && (!response.IsSuccess || response.TryGetError(out _, out _)) && refusal(request, response) is { } refused)
        {
            Log.RequestFailed(_logger, request.Endpoint.Name, response.StatusCode, refused.BinanceCode);
            throw refused;
        }

        try
        {
            return Complete(request, response, read);
        }
        catch (Exception ex) when (response.IsSuccess && ex is MalformedResponseException or not ExchangeException)
        {
            // A 2xx means the exchange accepted the order; only its body could not be read. Ask what it became.
            return await reconcile(new PlacementFailure($"HTTP {response.StatusCode} with a body that does not parse", ex, null, response.StatusCode, response.BodyExcerpt())).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The same rules as <see cref="PlaceOrderAsync"/>: the list client id and the leg client ids are generated when not
    /// given, each leg is validated against the symbol's rules (when <see cref="OrderOptions.ValidateBeforeSend"/>), the
    /// placement is never re-sent, and when its answer may be lost the list is queried by its list client id within
    /// <see cref="OrderOptions.ReconcileTimeout"/>; <see cref="UnknownOrderStatusException"/> (carrying the list client id)
    /// when that cannot settle it.
    /// </remarks>
    public async Task<OrderList> PlaceOcoOrderListAsync(OcoOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var symbol = Symbol(request.Symbol);
        EnsurePositive(request.Quantity, "OCO");

        var prepared = request with
        {
            Symbol = symbol,
            ListClientOrderId = NewOrValidClientId(request.ListClientOrderId),
            Above = PrepareLeg(request.Above, nameof(request.Above)),
            Below = PrepareLeg(request.Below, nameof(request.Below)),
        };
        EnsureDistinctClientIds(prepared.ListClientOrderId!, prepared.Above.ClientOrderId!, prepared.Below.ClientOrderId!);
        await ValidateLegsAsync(symbol, cancellationToken, (prepared.Side, prepared.Quantity, prepared.Above), (prepared.Side, prepared.Quantity, prepared.Below)).ConfigureAwait(false);
        return await PlaceListAsync(SpotRestEndpoints.PlaceOcoOrderList, new OcoOrderListArgs(prepared), prepared.ListClientOrderId!, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The same rules as <see cref="PlaceOcoOrderListAsync"/>.</remarks>
    public async Task<OrderList> PlaceOtoOrderListAsync(OtoOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var symbol = Symbol(request.Symbol);
        EnsurePositive(request.WorkingQuantity, "working");
        EnsurePositive(request.PendingQuantity, "pending");
        var prepared = request with
        {
            Symbol = symbol,
            ListClientOrderId = NewOrValidClientId(request.ListClientOrderId),
            Working = PrepareLeg(request.Working, nameof(request.Working)),
            Pending = PrepareLeg(request.Pending, nameof(request.Pending)),
        };
        EnsureDistinctClientIds(prepared.ListClientOrderId!, prepared.Working.ClientOrderId!, prepared.Pending.ClientOrderId!);
        await ValidateLegsAsync(
            symbol, cancellationToken, (prepared.WorkingSide, prepared.WorkingQuantity, prepared.Working), (prepared.PendingSide, prepared.PendingQuantity, prepared.Pending)).ConfigureAwait(false);
        return await PlaceListAsync(SpotRestEndpoints.PlaceOtoOrderList, new OtoOrderListArgs(prepared), prepared.ListClientOrderId!, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>The same rules as <see cref="PlaceOcoOrderListAsync"/>.</remarks>
    public async Task<OrderList> PlaceOtocoOrderListAsync(OtocoOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var symbol = Symbol(request.Symbol);
        EnsurePositive(request.WorkingQuantity, "working");
        EnsurePositive(request.PendingQuantity, "pending");
        var prepared = request with
        {
            Symbol = symbol,
            ListClientOrderId = NewOrValidClientId(request.ListClientOrderId),
            Working = PrepareLeg(request.Working, nameof(request.Working)),
            PendingAbove = PrepareLeg(request.PendingAbove, nameof(request.PendingAbove)),
            PendingBelow = PrepareLeg(request.PendingBelow, nameof(request.PendingBelow)),
        };
        EnsureDistinctClientIds(prepared.ListClientOrderId!, prepared.Working.ClientOrderId!, prepared.PendingAbove.ClientOrderId!, prepared.PendingBelow.ClientOrderId!);
        await ValidateLegsAsync(
            symbol,
            cancellationToken,
            (prepared.WorkingSide, prepared.WorkingQuantity, prepared.Working),
            (prepared.PendingSide, prepared.PendingQuantity, prepared.PendingAbove),
            (prepared.PendingSide, prepared.PendingQuantity, prepared.PendingBelow)).ConfigureAwait(false);
        return await PlaceListAsync(SpotRestEndpoints.PlaceOtocoOrderList, new OtocoOrderListArgs(prepared), prepared.ListClientOrderId!, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The same rules as <see cref="PlaceOcoOrderListAsync"/>. The pending order has no quantity of its own: it is
    /// validated with the working quantity, the most it can sell.
    /// </remarks>
    public async Task<OrderList> PlaceOpoOrderListAsync(OpoOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var symbol = Symbol(request.Symbol);
        EnsurePositive(request.WorkingQuantity, "working");
        var prepared = request with
        {
            Symbol = symbol,
            ListClientOrderId = NewOrValidClientId(request.ListClientOrderId),
            Working = PrepareLeg(request.Working, nameof(request.Working)),
            Pending = PrepareLeg(request.Pending, nameof(request.Pending)),
        };
        EnsureDistinctClientIds(prepared.ListClientOrderId!, prepared.Working.ClientOrderId!, prepared.Pending.ClientOrderId!);
        await ValidateLegsAsync(
            symbol, cancellationToken, (prepared.WorkingSide, prepared.WorkingQuantity, prepared.Working), (prepared.PendingSide, prepared.WorkingQuantity, prepared.Pending)).ConfigureAwait(false);
        return await PlaceListAsync(SpotRestEndpoints.PlaceOpoOrderList, new OpoOrderListArgs(prepared), prepared.ListClientOrderId!, symbol, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// The same rules as <see cref="PlaceOcoOrderListAsync"/>. The pending orders have no quantity of their own: they are
    /// validated with the working quantity, the most they can sell.
    /// </remarks>
    public async Task<OrderList> PlaceOpocoOrderListAsync(OpocoOrderRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var symbol = Symbol(request.Symbol);
        EnsurePositive(request.WorkingQuantity, "working");
        var prepared = request with
        {
            Symbol = symbol,
            ListClientOrderId = NewOrValidClientId(request.ListClientOrderId),
            Working = PrepareLeg(request.Working, nameof(request.Working)),
            PendingAbove = PrepareLeg(request.PendingAbove, nameof(request.PendingAbove)),
            PendingBelow = PrepareLeg(request.PendingBelow, nameof(request.PendingBelow)),
        };
        EnsureDistinctClientIds(prepared.ListClientOrderId!, prepared.Working.ClientOrderId!, prepared.PendingAbove.ClientOrderId!, prepared.PendingBelow.ClientOrderId!);
        await ValidateLegsAsync(
            symbol,
            cancellationToken,
            (prepared.WorkingSide, prepared.WorkingQuantity, prepared.Working),
            (prepared.PendingSide, prepared.WorkingQuantity, prepared.PendingAbove),
            (prepared.PendingSide, prepared.WorkingQuantity, prepared.PendingBelow)).ConfigureAwait(false);
        return await PlaceListAsync(SpotRestEndpoints.PlaceOpocoOrderList, new OpocoOrderListArgs(prepared), prepared.ListClientOrderId!, symbol, cancellationToken).ConfigureAwait(false);
    }

    private static void EnsurePositive(decimal quantity, string order)
    {
        if (quantity <= 0)
        {
            throw new ExchangeValidationException($"The {order} quantity must be positive, not {quantity}.", binanceCode: -1102);
        }
    }

    /// <inheritdoc />
    public Task<OrderList> GetOrderListAsync(long? orderListId = null, string? listClientOrderId = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.QueryOrderList, OrderListIdentity(null, orderListId, listClientOrderId), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// Idempotent: when an earlier attempt ended without a clear answer and the retry is told the list is unknown or done
    /// (-2011/-2013), the list is queried, and if one of its orders is canceled the list is returned instead of the error.
    /// </remarks>
    public async Task<OrderList> CancelOrderListAsync(string symbol, long? orderListId = null, string? listClientOrderId = null, CancellationToken cancellationToken = default)
    {
        var key = Symbol(symbol);
        var args = OrderListIdentity(key, orderListId, listClientOrderId);
        var request = SpotRestEndpoints.CancelOrderList.CreateRequest(args);
        using var scope = BeginScope(request, listClientOrderId);
        var response = await SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return Complete(request, response, r => SpotRestEndpoints.CancelOrderList.Read(args, r));
        }
        catch (ExchangeException ex) when (request.EarlierAttemptOutcomeUnknown && ex.BinanceCode is -2011 or -2013)
        {
            // "Unknown" proves nothing after an unclear attempt that may have cancelled it: ask for its real state.
            var current = await GetOrderListAsync(orderListId, listClientOrderId, cancellationToken).ConfigureAwait(false);
            foreach (var entry in current.Orders)
            {
                var order = await GetOrderAsync(key, entry.ExchangeOrderId, cancellationToken: cancellationToken).ConfigureAwait(false);
                if (order.Status == OrderStatus.Canceled)
                {
                    Log.CancelSettledByQuery(_logger, request.Endpoint.Name, current.ListClientOrderId, current.RawListOrderStatus);
                    return current;
                }
            }

            throw;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderList>> GetOpenOrderListsAsync(CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.OpenOrderLists, NoArgs.Instance, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderList>> GetAllOrderListsAsync(long? fromId = null, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, int limit = 500, CancellationToken cancellationToken = default)
    {
        if (fromId is not null && (startTime is not null || endTime is not null))
        {
            throw new ArgumentException("fromId cannot be combined with startTime or endTime.", nameof(fromId));
        }

        if (startTime is { } start && endTime is { } end && (end < start || end - start > AllOrderListsArgs.MaxRange))
        {
            throw new ArgumentException($"endTime must be at most 24 hours after startTime (got {start:O} to {end:O}).", nameof(endTime));
        }

        return SendAsync(SpotRestEndpoints.AllOrderLists, new AllOrderListsArgs(fromId, startTime, endTime, Limit(limit, 1000)), cancellationToken);
    }

    /// <summary>
    /// Sends an order list placement by <see cref="PlaceOrderAsync"/>'s rules (once; not sent, refused, answered, or
    /// reconciled by its list client id through <c>GET /api/v3/orderList?origClientOrderId=</c>).
    /// </summary>
    private async Task<OrderList> PlaceListAsync<TArgs>(Endpoint<TArgs, OrderList> endpoint, TArgs args, string listClientOrderId, string symbol, CancellationToken cancellationToken)
        where TArgs : IEndpointArgs<TArgs>
    {
        var request = endpoint.CreateRequest(args);
        using var scope = BeginScope(request, listClientOrderId);
        var started = _time.GetTimestamp();
        return await SendPlacementAsync(
            request,
            response => endpoint.Read(args, response) with { LatencyMs = _time.GetElapsedTime(started).TotalMilliseconds },
            failure => ReconcileAsync(
                new Placement<OrderList>("Order list", listClientOrderId, symbol, t => GetOrderListAsync(listClientOrderId: listClientOrderId, cancellationToken: t), static l => (l.RawListOrderStatus, l.OrderListId)),
                request,
                failure,
                (found, _) => Task.FromResult(found with { LatencyMs = _time.GetElapsedTime(started).TotalMilliseconds })),
            refusal: null,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How an order placement is reconciled: by its client order id (<c>GET /api/v3/order?origClientOrderId=</c>).</summary>
    private Task<T> ReconcileAsync<T>(OrderRequest order, ExchangeRequest placement, PlacementFailure failure, Func<Order, CancellationToken, Task<T>> settle)
    {
        var symbol = order.Symbol;
        var clientOrderId = order.ClientOrderId!;
        return ReconcileAsync(
            new Placement<Order>("Order", clientOrderId, symbol, t => GetOrderAsync(symbol, clientOrderId: clientOrderId, cancellationToken: t), static o => (o.Status.ToString(), o.ExchangeOrderId)),
            placement,
            failure,
            settle);
    }

    private string NewOrValidClientId(string? clientId)
    {
        var id = clientId ?? ClientOrderIds.New(_options.Orders.ClientOrderIdPrefix);
        return ClientOrderIds.IsValid(id)
            ? id
            : throw new ExchangeValidationException($"Client order id '{id}' is invalid: use 1–36 letters, digits, '-' or '_'.", -2039);
    }

    /// <summary>A leg with its client order id set (generated when missing) and GTC for the types that need a time in force.</summary>
    private OrderListLeg PrepareLeg(OrderListLeg leg, string name)
    {
        ArgumentNullException.ThrowIfNull(leg, name);
        if (leg.StrategyType is < 1_000_000)
        {
            throw new ExchangeValidationException($"{name} strategy type must be at least 1000000 (smaller values are reserved), not {leg.StrategyType}.", -1100);
        }

        var needsTif = leg.Type is OrderType.Limit or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
        return leg with
        {
            ClientOrderId = NewOrValidClientId(leg.ClientOrderId),
            TimeInForce = leg.TimeInForce ?? (needsTif ? TimeInForce.Gtc : null),
        };
    }

    private static void EnsureDistinctClientIds(params string[] ids)
    {
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Length)
        {
            throw new ExchangeValidationException($"The list client id and the order client ids must all differ ({string.Join(", ", ids)}).", -2010);
        }
    }

    /// <summary>
    /// Validates each leg against the symbol's rules like a single order, when <see cref="OrderOptions.ValidateBeforeSend"/>.
    /// A pegged leg, or a trailing-stop leg without a stop price, has no price to check here: the exchange checks it.
    /// </summary>
    private async Task ValidateLegsAsync(string symbol, CancellationToken cancellationToken, params (OrderSide Side, decimal Quantity, OrderListLeg Leg)[] legs)
    {
        if (!_options.Orders.ValidateBeforeSend)
        {
            return;
        }

        var rules = await GetSymbolRulesAsync(symbol, cancellationToken).ConfigureAwait(false);
        foreach (var (side, quantity, leg) in legs)
        {
            var stopless = leg.StopPrice is null && leg.TrailingDelta is not null && leg.Type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
            if (leg.PegPriceType is not null || stopless)
            {
                continue;
            }

            try
            {
                rules.ValidateOrder(new OrderRequest(symbol, side, leg.Type)
                {
                    Quantity = quantity,
                    Price = leg.Price,
                    StopPrice = leg.StopPrice,
                    IcebergQuantity = leg.IcebergQuantity,
                    TimeInForce = leg.TimeInForce,
                    ClientOrderId = leg.ClientOrderId,
                });
            }
            catch (SymbolNotTradingException)
            {
                InvalidateSymbolRules(symbol);
                throw;
            }
        }
    }

    private static OrderListIdArgs OrderListIdentity(string? symbol, long? orderListId, string? listClientOrderId)
    {
        if (orderListId is null && string.IsNullOrEmpty(listClientOrderId))
        {
            throw new ArgumentException("Give the order list id or the list client order id.", nameof(orderListId));
        }

        return new OrderListIdArgs(symbol, orderListId, string.IsNullOrEmpty(listClientOrderId) ? null : listClientOrderId);
    }

    /// <inheritdoc />
    public async Task<TestOrderResult> TestOrderAsync(OrderRequest order, bool computeCommissionRates = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(order);
        var prepared = await PrepareAsync(order, cancellationToken).ConfigureAwait(false);
        return await SendAsync(SpotRestEndpoints.TestOrder, new TestOrderArgs(prepared, computeCommissionRates), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// When an earlier attempt ended without a clear answer and the retry is told "unknown order" (-2011), the earlier
    /// attempt may have cancelled it: the order is queried, and if it is canceled that state is returned instead of
    /// <see cref="OrderNotFoundException"/>.
    /// </remarks>
    public async Task<Order> CancelOrderAsync(string symbol, long? exchangeOrderId = null, string? clientOrderId = null, CancellationToken cancellationToken = default)
    {
        var args = OrderIdentity(symbol, exchangeOrderId, clientOrderId);
        var request = SpotRestEndpoints.CancelOrder.CreateRequest(args);
        using var scope = BeginScope(request, clientOrderId);
        var response = await SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            return Complete(request, response, r => SpotRestEndpoints.CancelOrder.Read(args, r));
        }
        catch (OrderRejectedException ex) when (request.EarlierAttemptOutcomeUnknown && ex.BinanceCode is -2011 or -2013)
        {
            // "Unknown order" proves nothing after an unclear attempt that may have cancelled it: ask for its real state.
            var current = await GetOrderAsync(symbol, exchangeOrderId, clientOrderId, cancellationToken).ConfigureAwait(false);
            Log.CancelSettledByQuery(_logger, request.Endpoint.Name, current.ClientOrderId, current.Status.ToString());
            if (current.Status != OrderStatus.Canceled)
            {
                throw;
            }

            return current;
        }
    }

    /// <inheritdoc />
    public Task<Order> GetOrderAsync(string symbol, long? exchangeOrderId = null, string? clientOrderId = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.QueryOrder, OrderIdentity(symbol, exchangeOrderId, clientOrderId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Order>> GetOpenOrdersAsync(string? symbol = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.OpenOrders, new OpenOrdersArgs(symbol is null ? null : Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Order>> GetAllOrdersAsync(string symbol, long? fromExchangeOrderId = null, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        HistoryRange(startTime, endTime);
        return SendAsync(SpotRestEndpoints.AllOrders, new AllOrdersArgs(Symbol(symbol), fromExchangeOrderId, Limit(limit, 1000), startTime, endTime), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AccountTrade>> GetMyTradesAsync(string symbol, long? exchangeOrderId = null, long? fromId = null, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, CancellationToken cancellationToken = default)
    {
        if ((startTime is not null || endTime is not null) && (exchangeOrderId is not null || fromId is not null))
        {
            throw new ArgumentException("Binance accepts a time range for my trades only without an order id and without a trade id (-1128 otherwise).", startTime is not null ? nameof(startTime) : nameof(endTime));
        }

        HistoryRange(startTime, endTime);
        return SendAsync(SpotRestEndpoints.MyTrades, new MyTradesArgs(Symbol(symbol), exchangeOrderId, fromId, Limit(limit, 1000), startTime, endTime), cancellationToken);
    }

    /// <summary>The history queries' time range rule: not reversed, at most 24 hours (<c>-1127</c> otherwise).</summary>
    private static void HistoryRange(DateTimeOffset? startTime, DateTimeOffset? endTime)
    {
        if (startTime is { } start && endTime is { } end)
        {
            if (end < start)
            {
                throw new ArgumentException("The end time is before the start time.", nameof(endTime));
            }

            if (end - start > HistoryWindow)
            {
                throw new ArgumentException("Binance allows at most 24 hours between the start time and the end time of a history query (-1127 otherwise).", nameof(endTime));
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Kline>> GetUiKlinesAsync(string symbol, KlineInterval interval, int limit = 500, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, TimeSpan? timeZone = null, CancellationToken cancellationToken = default)
    {
        if (timeZone is { } offset && !KlineTimeZone.IsValid(offset))
        {
            throw new ArgumentOutOfRangeException(nameof(timeZone), offset, "The time zone must be whole minutes within [-12:00, +14:00].");
        }

        return SendAsync(SpotRestEndpoints.UiKlines, new UiKlinesArgs(Symbol(symbol), interval, Limit(limit, 1000), startTime, endTime, timeZone), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<Ticker24h> GetRollingTickerAsync(string symbol, TimeSpan? windowSize = null, bool mini = false, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.RollingTicker, new RollingTickerArgs(Symbol(symbol), null, TickerWindowSize(windowSize), mini), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker24h>> GetRollingTickersAsync(IReadOnlyCollection<string> symbols, TimeSpan? windowSize = null, bool mini = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count is 0 or > RollingTickerArgs.MaxSymbols)
        {
            throw new ArgumentException($"Between 1 and {RollingTickerArgs.MaxSymbols} symbols are required; got {symbols.Count}.", nameof(symbols));
        }

        return SendAsync(SpotRestEndpoints.RollingTicker, new RollingTickerArgs(null, [.. symbols.Select(Symbol)], TickerWindowSize(windowSize), mini), cancellationToken);
    }

    private static TimeSpan? TickerWindowSize(TimeSpan? windowSize) =>
        windowSize is { } window && !TickerWindow.IsValid(window)
            ? throw new ArgumentOutOfRangeException(nameof(windowSize), window, "The window must be 1–59 minutes, 1–23 hours or 1–7 days.")
            : windowSize;

    /// <inheritdoc />
    public async Task<Ticker24h> GetTradingDayTickerAsync(string symbol, TimeSpan? timeZone = null, bool mini = false, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs(Symbol(symbol), null, TimeZoneOffset(timeZone), mini), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker24h>> GetTradingDayTickersAsync(IReadOnlyCollection<string> symbols, TimeSpan? timeZone = null, bool mini = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count is 0 or > RollingTickerArgs.MaxSymbols)
        {
            throw new ArgumentException($"Between 1 and {RollingTickerArgs.MaxSymbols} symbols are required; got {symbols.Count}.", nameof(symbols));
        }

        return SendAsync(SpotRestEndpoints.TradingDayTicker, new TradingDayTickerArgs(null, [.. symbols.Select(Symbol)], TimeZoneOffset(timeZone), mini), cancellationToken);
    }

    private static TimeSpan? TimeZoneOffset(TimeSpan? timeZone) =>
        timeZone is { } offset && !KlineTimeZone.IsValid(offset)
            ? throw new ArgumentOutOfRangeException(nameof(timeZone), offset, "The time zone must be whole minutes within [-12:00, +14:00].")
            : timeZone;

    /// <inheritdoc />
    public Task<AccountCommission> GetCommissionRatesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.AccountCommission, new SymbolArgs(Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<UnfilledOrderCount>> GetUnfilledOrderCountAsync(CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.UnfilledOrderCount, NoArgs.Instance, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PreventedMatch>> GetPreventedMatchesByIdAsync(string symbol, long preventedMatchId, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.PreventedMatches, new PreventedMatchesArgs(Symbol(symbol), PreventedMatchId: preventedMatchId), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PreventedMatch>> GetPreventedMatchesByOrderAsync(string symbol, long exchangeOrderId, long? fromPreventedMatchId = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        if (limit is { } l)
        {
            if (fromPreventedMatchId is null)
            {
                throw new ArgumentException("Binance takes a limit only together with fromPreventedMatchId.", nameof(limit));
            }

            Limit(l, PreventedMatchesArgs.MaxLimit);
        }

        return SendAsync(SpotRestEndpoints.PreventedMatches, new PreventedMatchesArgs(Symbol(symbol), null, exchangeOrderId, fromPreventedMatchId, limit), cancellationToken);
    }

    /// <inheritdoc />
    public Task<AccountFilters> GetAccountFiltersAsync(string symbol, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.AccountFilters, new SymbolArgs(Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<SymbolReferencePrice> GetReferencePriceAsync(string symbol, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.ReferencePrice, new SymbolArgs(Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<ReferencePriceCalculation> GetReferencePriceCalculationAsync(string symbol, SymbolStatus? symbolStatus = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.ReferencePriceCalculation, new ReferencePriceCalculationArgs(Symbol(symbol), RuleStatus(symbolStatus)), cancellationToken);

    private static SymbolStatus? RuleStatus(SymbolStatus? symbolStatus) =>
        symbolStatus is { } status && !RuleSymbolStatus.IsValid(status)
            ? throw new ArgumentOutOfRangeException(nameof(symbolStatus), status, "Binance accepts only Trading, Halt or Break here.")
            : symbolStatus;

    /// <inheritdoc />
    public Task<ExecutionRules> GetExecutionRulesAsync(string symbol, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(Symbol(symbol)), cancellationToken);

    /// <inheritdoc />
    public Task<ExecutionRules> GetExecutionRulesForSymbolsAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        if (symbols.Count == 0)
        {
            throw new ArgumentException("At least one symbol is required.", nameof(symbols));
        }

        return SendAsync(SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(null, [.. symbols.Select(Symbol)]), cancellationToken);
    }

    /// <inheritdoc />
    public Task<ExecutionRules> GetAllExecutionRulesAsync(SymbolStatus? symbolStatus = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.ExecutionRules, new ExecutionRulesArgs(SymbolStatus: RuleStatus(symbolStatus)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BlockTrade>> GetHistoricalBlockTradesAsync(string symbol, long fromId, int limit = 500, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.HistoricalBlockTrades, new HistoricalBlockTradesArgs(Symbol(symbol), fromId, Limit(limit, 1000)), cancellationToken);

    /// <inheritdoc />
    public async Task<Ticker24h> GetMiniTicker24hAsync(string symbol, CancellationToken cancellationToken = default) =>
        First(await SendAsync(SpotRestEndpoints.Ticker24h, new TickerArgs(Symbol(symbol), Mini: true), cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker24h>> GetMiniTickers24hAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.Ticker24h, new TickerArgs(null, SymbolsOf(symbols), Mini: true), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Ticker24h>> GetAllTickers24hAsync(bool mini = false, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.Ticker24h, new TickerArgs(Mini: mini), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PriceTicker>> GetPricesAsync(IReadOnlyCollection<string>? symbols = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.PriceTicker, new TickerArgs(null, symbols is null ? null : SymbolsOf(symbols)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BookTicker>> GetBookTickersAsync(IReadOnlyCollection<string>? symbols = null, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.BookTicker, new TickerArgs(null, symbols is null ? null : SymbolsOf(symbols)), cancellationToken);

    /// <summary>At least one symbol, normalized; an empty list is refused rather than read as "every symbol".</summary>
    private static string[] SymbolsOf(IReadOnlyCollection<string> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        return symbols.Count == 0 ? throw new ArgumentException("At least one symbol is required.", nameof(symbols)) : [.. symbols.Select(Symbol)];
    }

    /// <inheritdoc />
    public void Dispose() => _infoLock.Dispose();

    /// <summary>Builds the wire parameters of an order, in Binance's documented order.</summary>
    /// <param name="order">The order, with its client order id set.</param>
    /// <param name="includeResponseType">Whether to send newOrderRespType.</param>
    /// <returns>The parameters.</returns>
    internal static List<KeyValuePair<string, string>> BuildOrderParameters(OrderRequest order, bool includeResponseType)
    {
        var p = new List<KeyValuePair<string, string>>(12)
        {
            P("symbol", Symbol(order.Symbol)),
            P("side", BinanceEnums.ToWire(order.Side)),
            P("type", BinanceEnums.ToWire(order.Type)),
        };
        var needsTif = order.Type is OrderType.Limit or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
        if (order.TimeInForce is { } tif && tif != TimeInForce.Unknown)
        {
            if (order.Type is OrderType.Market or OrderType.LimitMaker or OrderType.StopLoss or OrderType.TakeProfit)
            {
                throw new ExchangeValidationException($"{order.Type} orders do not take a time in force.", -1106);
            }

            p.Add(P("timeInForce", BinanceEnums.ToWire(tif)));
        }
        else if (needsTif)
        {
            p.Add(P("timeInForce", "GTC"));
        }

        AddIf(p, "quantity", order.Quantity);
        AddIf(p, "quoteOrderQty", order.QuoteQuantity);
        AddIf(p, "price", order.Price);
        AddIf(p, "stopPrice", order.StopPrice);
        AddIf(p, "icebergQty", order.IcebergQuantity);
        p.Add(P("newClientOrderId", order.ClientOrderId!));
        AddOrderOptions(p, order);
        if (includeResponseType && BinanceEnums.ToWire(order.ResponseType) is { } rt)
        {
            p.Add(P("newOrderRespType", rt));
        }

        return p;
    }

    /// <summary>Formats a decimal as Binance expects: invariant culture, no exponent, no trailing zeros.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    internal static string FormatDecimal(decimal value) => SymbolRules.Normalize(value).ToString("0.############################", CultureInfo.InvariantCulture);

    private async Task<OrderRequest> PrepareAsync(OrderRequest order, CancellationToken cancellationToken)
    {
        var clientOrderId = order.ClientOrderId ?? ClientOrderIds.New(_options.Orders.ClientOrderIdPrefix);
        if (!ClientOrderIds.IsValid(clientOrderId))
        {
            throw new ExchangeValidationException($"Client order id '{clientOrderId}' is invalid: use 1–36 letters, digits, '-' or '_'.", -2039);
        }

        var prepared = order with { ClientOrderId = clientOrderId, Symbol = Symbol(order.Symbol) };
        if (_options.Orders.ValidateBeforeSend)
        {
            var rules = await GetSymbolRulesAsync(prepared.Symbol, cancellationToken).ConfigureAwait(false);
            try
            {
                rules.ValidateOrder(prepared, prepared.ReferencePrice);
            }
            catch (SymbolNotTradingException)
            {
                // The cached status may be the stale part: look again (at most every few seconds) before the next order.
                InvalidateSymbolRules(prepared.Symbol);
                throw;
            }
        }

        return prepared;
    }

    /// <summary>
    /// Queries the order by client order id until one answer settles it, at most <see cref="OrderOptions.ReconcileAttempts"/>
    /// times and within <see cref="OrderOptions.ReconcileTimeout"/> overall. Deliberately not cancelled by the caller's
    /// token: once the order may have been sent, the caller must learn what became of it (or that nobody can tell).
    /// </summary>
    /// <param name="what">What was placed and how to query it (its client id is what the queries look for).</param>
    /// <param name="placement">The request whose outcome is unknown.</param>
    /// <param name="failure">Why it is unknown.</param>
    /// <param name="settle">Turns what was found into the caller's result (within what is left of the time bound); must not throw.</param>
    private async Task<T> ReconcileAsync<TFound, T>(Placement<TFound> what, ExchangeRequest placement, PlacementFailure failure, Func<TFound, CancellationToken, Task<T>> settle)
    {
        var clientOrderId = what.ClientId;
        var symbol = what.Symbol;
        Log.Reconciling(_logger, clientOrderId, symbol, failure.Reason);
        var attempts = Math.Max(1, _options.Orders.ReconcileAttempts);
        var bound = _options.Orders.ReconcileTimeout;
        var outcomes = new List<string>(attempts);
        var last = failure.Cause;
        string? stoppedBecause = null;
        using var deadline = new CancellationTokenSource(bound, _time);
        for (var attempt = 1; attempt <= attempts && stoppedBecause is null; attempt++)
        {
            var querying = false;
            try
            {
                await Task.Delay(_options.Orders.ReconcileDelay, _time, deadline.Token).ConfigureAwait(false);
                querying = true;
                var found = await what.Query(deadline.Token).ConfigureAwait(false);
                var (status, exchangeId) = what.Describe(found);
                Log.Reconciled(_logger, clientOrderId, status, exchangeId);
                return await settle(found, deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                if (querying)
                {
                    outcomes.Add($"#{outcomes.Count + 1} no answer before the time bound");
                }

                stoppedBecause = $"the reconcile time bound of {bound.TotalSeconds:0.###} s ran out";
            }
            catch (OrderNotFoundException ex)
            {
                // Not visible (yet): it may not exist, or the exchange may still be processing it.
                outcomes.Add($"#{outcomes.Count + 1} not found ({ex.BinanceCode})");
                last = ex;
            }
            catch (ExchangeException ex) when (ex.IsTransient || ex is MalformedResponseException)
            {
                outcomes.Add($"#{outcomes.Count + 1} {Describe(ex)}");
                last = ex;
            }
            catch (ExchangeException ex)
            {
                // Open circuit, IP ban, authentication…: the query cannot settle it now, but the order may exist.
                outcomes.Add($"#{outcomes.Count + 1} {Describe(ex)}");
                last = ex;
                stoppedBecause = "further queries cannot succeed now";
            }
            catch (Exception ex)
            {
                // A failure of any other kind must not hide that the order may exist: it becomes the cause of the unknown status.
                outcomes.Add($"#{outcomes.Count + 1} {ex.GetType().Name}: {ex.Message}");
                last = ex;
                stoppedBecause = "the query failed unexpectedly";
            }
        }

        Log.ReconcileFailed(_logger, clientOrderId, symbol, outcomes.Count, string.Join("; ", outcomes));
        var queries = outcomes.Count switch
        {
            0 => "no query by client order id could be made",
            1 => "1 query by client order id could not settle it: " + outcomes[0],
            var n => $"{n} queries by client order id could not settle it: " + string.Join("; ", outcomes),
        };
        var stop = stoppedBecause is null ? string.Empty : $" (stopped: {stoppedBecause})";
        throw new UnknownOrderStatusException(
            $"{what.Kind} {clientOrderId} on {symbol}: the placement's outcome is unknown ({failure.Reason}); {queries}{stop}. It was not re-sent; query it by client order id before acting.",
            clientOrderId,
            symbol,
            failure.BinanceCode,
            failure.HttpStatus,
            placement.CorrelationId,
            last)
        {
            ResponseBodyExcerpt = failure.BodyExcerpt,
        };
    }

    private static string Describe(ExchangeException ex) =>
        ex.BinanceCode is { } code ? $"{ex.GetType().Name} ({code}): {ex.Message}"
        : ex.HttpStatus is { } status ? $"{ex.GetType().Name} (HTTP {status}): {ex.Message}"
        : $"{ex.GetType().Name}: {ex.Message}";

    /// <summary>Whether the request may have reached the exchange: the transport marked it and no layer proved otherwise.</summary>
    private static bool MayHaveBeenSent(ExchangeRequest request, Exception? failure) =>
        request.MayHaveBeenSent && failure is not ExchangeException { RequestNotSent: true };

    /// <summary>
    /// The call's total-timeout timer, or null when the transport enforces the total timeout itself (the resilience
    /// pipeline's timeout strategy, which throws <see cref="ExchangeTimeoutException"/> with <c>RequestNotSent</c> set): one
    /// timer per call, not two.
    /// </summary>
    private CancellationTokenSource? TotalTimeout() =>
        _transportEnforcesTotalTimeout ? null : new CancellationTokenSource(_options.Timeouts.Total, _time);

    /// <summary>The typed "not sent" exception for a failure that is not an <see cref="ExchangeException"/> yet.</summary>
    private ExchangeException NotSent(ExchangeRequest request, Exception failure, bool totalTimedOut)
    {
        var name = request.Endpoint.Name;
        if (failure is OperationCanceledException or TimeoutException)
        {
            var what = totalTimedOut
                ? $"the total timeout of {_options.Timeouts.Total.TotalSeconds:0.#} s expired before the request was sent (e.g. while it waited for the rate limiter)"
                : "the request timed out before it was sent";
            return new ExchangeTimeoutException($"{name}: {what}; it was not sent.", correlationId: request.CorrelationId, innerException: failure) { RequestNotSent = true };
        }

        return new ExchangeUnavailableException($"{name}: {failure.GetType().Name} before the request was sent ({failure.Message}); it was not sent.", correlationId: request.CorrelationId, innerException: failure)
        {
            RequestNotSent = true,
        };
    }

    /// <summary>
    /// Whether a response leaves a placement's outcome unknown: 5xx and 408, the codes that say so (-1000, -1001,
    /// -1006, -1007), and anything that is neither a 2xx nor a 4xx. A 4xx (or a Binance error object) is a refusal.
    /// </summary>
    private static bool IsOutcomeUnknown(ExchangeResponse response, out int? binanceCode)
    {
        var hasError = response.TryGetError(out var code, out _);
        binanceCode = hasError ? code : null;
        if (hasError && code is -1000 or -1001 or -1006 or -1007)
        {
            return true;
        }

        return response.StatusCode is >= 500 or 408 || (!response.IsSuccess && response.StatusCode < 400);
    }

    private static Order Enrich(Order order, OrderRequest request, TimeSpan latency)
    {
        decimal? slippage = null;
        var reference = request.ReferencePrice ?? request.Price;
        if (reference is { } r && r > 0 && order.FilledQuantity > 0)
        {
            var average = order.CumulativeQuoteQuantity is > 0 && order.FilledQuantity is { } filled
                ? order.CumulativeQuoteQuantity.Value / filled
                : order.Fills.Count > 0 ? order.Fills.Sum(f => f.Price * f.Quantity) / order.Fills.Sum(f => f.Quantity) : 0m;
            if (average > 0)
            {
                var diff = request.Side == OrderSide.Buy ? average - r : r - average;
                slippage = decimal.Round(diff / r * 100m, 6);
            }
        }

        return order with { Id = request.ClientOrderId!, LatencyMs = latency.TotalMilliseconds, SlippagePercent = slippage };
    }

    /// <summary>Builds the request from the endpoint's descriptor (wire parameters and weight from the same typed arguments), sends it and reads the answer.</summary>
    private async Task<TResult> SendAsync<TArgs, TResult>(Endpoint<TArgs, TResult> endpoint, TArgs args, CancellationToken cancellationToken)
        where TArgs : IEndpointArgs<TArgs>
    {
        var request = endpoint.CreateRequest(args);
        using var scope = BeginScope(request, null);
        var response = await SendRequestAsync(request, cancellationToken).ConfigureAwait(false);
        return Complete(request, response, r => endpoint.Read(args, r));
    }

    /// <summary>
    /// Sends through the transport and maps every failure to the documented tree: only a cancellation of
    /// <paramref name="cancellationToken"/> itself surfaces as <see cref="OperationCanceledException"/>.
    /// </summary>
    private async Task<ExchangeResponse> SendRequestAsync(ExchangeRequest request, CancellationToken cancellationToken)
    {
        var name = request.Endpoint.Name;
        using var total = TotalTimeout();
        using var linked = total is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token);
        try
        {
            return await _transport.SendAsync(request, linked?.Token ?? cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ExchangeException ex)
        {
            ex.CorrelationId ??= request.CorrelationId;
            if (!MayHaveBeenSent(request, ex))
            {
                ex.MarkRequestNotSent();
            }

            throw;
        }
        catch (OperationCanceledException ex) when (total?.IsCancellationRequested == true)
        {
            throw new ExchangeTimeoutException($"{name}: no answer within the total timeout of {_options.Timeouts.Total.TotalSeconds:0.#} s.", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = !request.MayHaveBeenSent,
            };
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // A timeout the transport did not map (e.g. a connect timeout, which .NET raises as TaskCanceledException).
            throw new ExchangeTimeoutException($"{name}: the request timed out ({ex.Message}).", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = !request.MayHaveBeenSent,
            };
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
        {
            throw new ExchangeUnavailableException($"{name}: the exchange could not be reached ({ex.GetType().Name}: {ex.Message}).", correlationId: request.CorrelationId, innerException: ex)
            {
                RequestNotSent = !request.MayHaveBeenSent || (ex is HttpRequestException http && HttpExchangeTransport.IsConnectFailure(http)),
            };
        }
    }

    private T Complete<T>(ExchangeRequest request, ExchangeResponse response, Func<ExchangeResponse, T> parse)
    {
        if (!response.IsSuccess || response.TryGetError(out _, out _))
        {
            var error = ResponseErrors.ToException(request, response, _time.GetUtcNow());
            InvalidateSymbolRulesOn(request, error);
            Log.RequestFailed(_logger, request.Endpoint.Name, response.StatusCode, error.BinanceCode);
            throw error;
        }

        ResponseErrors.EnsureJson(request, response);
        try
        {
            return parse(response);
        }
        catch (MalformedResponseException ex)
        {
            throw new MalformedResponseException($"{request.Endpoint.Name}: {ex.Message}", response.StatusCode, response.BodyExcerpt(), request.CorrelationId, ex)
            {
                ResponseBodyExcerpt = response.BodyExcerpt(),
            };
        }
    }

    private IDisposable? BeginScope(ExchangeRequest request, string? clientOrderId) =>
        _logger.BeginScope(new Dictionary<string, object?>
        {
            ["CorrelationId"] = request.CorrelationId,
            ["Endpoint"] = request.Endpoint.Name,
            ["Weight"] = request.Weight,
            ["ClientOrderId"] = clientOrderId,
        });

    private static OrderIdArgs OrderIdentity(string symbol, long? exchangeOrderId, string? clientOrderId)
    {
        if (exchangeOrderId is null && string.IsNullOrEmpty(clientOrderId))
        {
            throw new ArgumentException("Give the exchange order id or the client order id.", nameof(exchangeOrderId));
        }

        return new OrderIdArgs(Symbol(symbol), exchangeOrderId, string.IsNullOrEmpty(clientOrderId) ? null : clientOrderId);
    }

    private static T First<T>(IReadOnlyList<T> items) =>
        items.Count > 0 ? items[0] : throw new MalformedResponseException("Malformed exchange response: expected one item, got none.");

    private static string Symbol(string symbol)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        return symbol.Trim().ToUpperInvariant();
    }

    private static int Limit(int limit, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, max);
        return limit;
    }

    private static KeyValuePair<string, string> P(string key, string value) => new(key, value);

    private static void AddIf(List<KeyValuePair<string, string>> p, string key, decimal? value)
    {
        if (value is { } v)
        {
            p.Add(new(key, FormatDecimal(v)));
        }
    }

    private static readonly TimeSpan MinimumSymbolRecheck = TimeSpan.FromSeconds(5);

    /// <summary>The longest time range of allOrders and myTrades.</summary>
    private static readonly TimeSpan HistoryWindow = TimeSpan.FromHours(24);

    private sealed record ExchangeInfoEntry(ExchangeInfo Info, DateTimeOffset LoadedAt, DateTimeOffset ExpiresAt);

    /// <summary>The outcome of fetching one symbol's rules: the rules, or why they could not be parsed.</summary>
    private sealed record SymbolCheck(SymbolRules? Rules, SymbolParseFailure? Failure, DateTimeOffset CheckedAt, bool Stale)
    {
        /// <summary>The exchange answered the last look with -1121 (invalid symbol).</summary>
        public bool Unlisted { get; init; }

        public SymbolRules Resolve(string symbol, ExchangeInfo info) =>
            Unlisted ? throw new ExchangeValidationException($"Symbol '{symbol}' is not listed by the exchange (-1121 on its last look-up).", binanceCode: -1121)
            : Rules ?? (Failure is { } f ? throw new SymbolRulesUnavailableException(f.Symbol, f.Reason) : info.GetSymbol(symbol));
    }

    /// <summary>What is being placed, for the reconcile: its kind ("Order", "Order list"), client id, symbol, the query by client id, and its status and exchange id for the log.</summary>
    private sealed record Placement<T>(string Kind, string ClientId, string Symbol, Func<CancellationToken, Task<T>> Query, Func<T, (string Status, long ExchangeId)> Describe);

    /// <summary>Why a placement's outcome is unknown, and what the exchange said about it (kept on the final exception).</summary>
    private sealed record PlacementFailure(string Reason, Exception? Cause, int? BinanceCode, int? HttpStatus, string? BodyExcerpt);
}
