using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.UserData;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tracking;

/// <summary>
/// The order tracker: live orders and balances from the user data stream, reconciled over <see cref="IBinanceRestClient"/>
/// (which may run over REST or the WebSocket API). See <see cref="IOrderTracker"/> for the guarantees.
/// </summary>
[SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The SemaphoreSlim never allocates its wait handle (only WaitAsync/Release are used), so there is nothing to dispose; the tracker stays a plain singleton.")]
public sealed class OrderTracker : IOrderTracker
{
    /// <summary>The reject reason of an order of unknown outcome the exchange never placed.</summary>
    public const string NotFoundRejectReason = "NOT_FOUND_ON_EXCHANGE";

    private const int MaxTradePages = 100;

    private readonly IBinanceRestClient _rest;
    private readonly TimeProvider _time;
    private readonly OrderTrackerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly Dictionary<string, OrderState> _orders = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Symbol, long Id), OrderState> _byExchangeId = [];
    private readonly Dictionary<string, OrderState> _aliases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _tradeCursor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Balance Balance, DateTimeOffset? Time)> _balances = new(StringComparer.Ordinal);
    private readonly Dictionary<long, ListStatusUpdate> _lists = [];
    private readonly Queue<OrderState> _closed = new();
    private long _handlerFailures;
    private long _reconciliations;
    private long _gaps;
    private long _duplicates;
    private int _reconcilePending;

    /// <summary>Creates a tracker that reconciles over <paramref name="rest"/>.</summary>
    /// <param name="rest">The client used to reconcile (open orders, account, order query, my trades).</param>
    /// <param name="timeProvider">The clock (send times, latency, the unknown-outcome window); the system clock when null.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <param name="logger">The logger.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public OrderTracker(IBinanceRestClient rest, TimeProvider? timeProvider = null, OrderTrackerOptions? options = null, ILogger<OrderTracker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(rest);
        _rest = rest;
        _time = timeProvider ?? TimeProvider.System;
        _options = options ?? new OrderTrackerOptions();
        _options.Validate();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc />
    public event EventHandler<OrderChangedEventArgs>? OrderChanged;

    /// <inheritdoc />
    public event EventHandler<OrderChangedEventArgs>? OrderFilled;

    /// <inheritdoc />
    public event EventHandler<OrderChangedEventArgs>? OrderCanceled;

    /// <inheritdoc />
    public event EventHandler<OrderChangedEventArgs>? OrderRejected;

    /// <inheritdoc />
    public event EventHandler<OrderChangedEventArgs>? OrderExpired;

    /// <inheritdoc />
    public event EventHandler<BalanceChangedEventArgs>? BalanceChanged;

    /// <inheritdoc />
    public long HandlerFailures => Interlocked.Read(ref _handlerFailures);

    /// <inheritdoc />
    public long Reconciliations => Interlocked.Read(ref _reconciliations);

    /// <inheritdoc />
    public long GapsDetected => Interlocked.Read(ref _gaps);

    /// <inheritdoc />
    public long DuplicateEvents => Interlocked.Read(ref _duplicates);

    /// <inheritdoc />
    public void OnSending(string clientOrderId, string symbol, OrderSide side, decimal? referencePrice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var notes = new List<Action>();
        lock (_gate)
        {
            var state = GetOrCreate(clientOrderId, symbol, out var before);
            state.SentTime = _time.GetUtcNow();
            state.ReferencePrice = referencePrice;
            if (state.Side == OrderSide.Unknown)
            {
                state.Side = side;
            }

            Changed(state, before, notes);
        }

        Raise(notes);
    }

    /// <inheritdoc />
    public void OnSending(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (string.IsNullOrWhiteSpace(order.ClientOrderId))
        {
            throw new ArgumentException("The order request has no client order id; assign one before sending so the tracker can follow the order.", nameof(order));
        }

        OnSending(order.ClientOrderId, order.Symbol, order.Side, order.ReferencePrice ?? order.Price);
    }

    /// <inheritdoc />
    public void OnNotPlaced(string clientOrderId, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentNullException.ThrowIfNull(reason);
        var notes = new List<Action>();
        lock (_gate)
        {
            if (_orders.TryGetValue(clientOrderId, out var state) && state.ExchangeOrderId is null && state.Status == OrderStatus.Unknown)
            {
                var before = state.ToTracked();
                state.MergeStatus(OrderStatus.Rejected, authoritative: false);
                state.RejectReason = reason;
                Changed(state, before, notes);
            }
        }

        Raise(notes);
    }

    /// <inheritdoc />
    public void OnOrderResponse(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var notes = new List<Action>();
        lock (_gate)
        {
            ApplyOrder(order, notes);
        }

        Raise(notes);
    }

    /// <inheritdoc />
    public async Task ProcessAsync(UserDataEvent userDataEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userDataEvent);
        var notes = new List<Action>();
        string? reconcile;
        lock (_gate)
        {
            reconcile = Apply(userDataEvent, notes);
        }

        Raise(notes);
        if (reconcile is not null)
        {
            await ReconcileCoreAsync(reconcile, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task RunAsync(ChannelReader<UserDataEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        await TryReconcileAsync("start", cancellationToken).ConfigureAwait(false);
        try
        {
            await foreach (var userDataEvent in events.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (Interlocked.Exchange(ref _reconcilePending, 0) != 0)
                {
                    await TryReconcileAsync("retry", cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    await ProcessAsync(userDataEvent, cancellationToken).ConfigureAwait(false);
                }
                catch (ExchangeException ex)
                {
                    // The event was applied; the reconciliation it asked for failed and is retried with the next event.
                    Log.ReconcileFailed(_logger, ex, userDataEvent.EventType);
                    Volatile.Write(ref _reconcilePending, 1);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The subscription ended with an error (overflow, malformed event): events were lost, catch up, then tell the caller.
            Log.StreamInterrupted(_logger, "subscription failed: " + ex.GetType().Name);
            await TryReconcileAsync("subscription failed", cancellationToken).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs the tracker on a WebSocket API user data subscription: <see cref="RunAsync(ChannelReader{UserDataEvent}, CancellationToken)"/>
    /// over its events, and a reconciliation after every resubscription (checked every
    /// <see cref="OrderTrackerOptions.ResubscriptionCheckInterval"/> and before every event).
    /// </summary>
    /// <param name="subscription">The subscription.</param>
    /// <param name="cancellationToken">Stops the tracker.</param>
    /// <returns>A task that completes when the subscription does.</returns>
    internal async Task RunAsync(UserDataSubscription subscription, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = WatchResubscriptionsAsync(subscription, subscription.Resubscriptions, stop.Token);
        try
        {
            await RunAsync(subscription.Events, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await watcher.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped with the subscription.
            }
        }
    }

    /// <inheritdoc />
    public Task ReconcileAsync(CancellationToken cancellationToken = default) => ReconcileCoreAsync("requested", cancellationToken);

    /// <inheritdoc />
    public async Task<TrackedOrder> TrackUnknownAsync(string clientOrderId, string symbol, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(symbol);
        var notes = new List<Action>();
        lock (_gate)
        {
            var state = GetOrCreate(clientOrderId, symbol, out var before);
            Changed(state, before, notes);
        }

        Raise(notes);
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ResolveAsync([(clientOrderId, symbol, null)], cancellationToken).ConfigureAwait(false);
            await FillMissingTradesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _reconcileGate.Release();
        }

        lock (_gate)
        {
            return _orders.TryGetValue(clientOrderId, out var state)
                ? state.ToTracked()
                : throw new InvalidOperationException($"The order {clientOrderId} was forgotten while it was being resolved.");
        }
    }

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(clientOrderId);
        lock (_gate)
        {
            return _orders.TryGetValue(clientOrderId, out var state) || _aliases.TryGetValue(clientOrderId, out state) ? state.ToTracked() : null;
        }
    }

    /// <inheritdoc />
    public TrackedOrder? GetOrder(string symbol, long exchangeOrderId)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        lock (_gate)
        {
            return _byExchangeId.TryGetValue((symbol, exchangeOrderId), out var state) ? state.ToTracked() : null;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TrackedOrder> GetOrders(string symbol, bool openOnly = false)
    {
        ArgumentNullException.ThrowIfNull(symbol);
        lock (_gate)
        {
            return [.. _orders.Values.Where(o => o.Symbol == symbol && (!openOnly || o.IsOpen)).Select(static o => o.ToTracked())];
        }
    }

    /// <inheritdoc />
    public Balance? GetBalance(string asset)
    {
        ArgumentNullException.ThrowIfNull(asset);
        lock (_gate)
        {
            return _balances.TryGetValue(asset, out var entry) ? entry.Balance : null;
        }
    }

    /// <inheritdoc />
    public OrderTrackerSnapshot GetSnapshot()
    {
        lock (_gate)
        {
            return new OrderTrackerSnapshot(
                _orders.ToDictionary(static p => p.Key, static p => p.Value.ToTracked(), StringComparer.Ordinal),
                _balances.ToDictionary(static p => p.Key, static p => p.Value.Balance, StringComparer.Ordinal),
                new Dictionary<long, ListStatusUpdate>(_lists),
                _time.GetUtcNow());
        }
    }

    // ---- applying (under _gate) ----

    /// <returns>The reason to reconcile, or null.</returns>
    private string? Apply(UserDataEvent userDataEvent, List<Action> notes)
    {
        switch (userDataEvent)
        {
            case ExecutionReport report:
                return ApplyReport(report, notes) ? "missing fill" : null;
            case AccountPositionUpdate position:
                foreach (var balance in position.Balances)
                {
                    SetBalance(balance, position.LastUpdateTime, notes);
                }

                return null;
            case BalanceUpdate update:
                ApplyBalanceDelta(update, notes);
                return null;
            case ListStatusUpdate list:
                if (!_lists.TryGetValue(list.OrderListId, out var known) || known.TransactionTime <= list.TransactionTime)
                {
                    _lists[list.OrderListId] = list;
                }

                return null;
            case EventStreamTerminated:
                Log.StreamInterrupted(_logger, "eventStreamTerminated");
                return "eventStreamTerminated";
            default:
                return null;
        }
    }

    /// <returns>True when the report reveals a missed fill.</returns>
    private bool ApplyReport(ExecutionReport report, List<Action> notes)
    {
        var state = FindForReport(report);
        var isTrade = report.ExecutionType == ExecutionType.Trade && report.TradeId >= 0;

        // A report seen before (or whose fill came from myTrades first) is not counted twice; its state is still merged
        // (merges only move forward, so a replay changes nothing, and a late report may still carry news).
        var seen = state is not null && (isTrade ? state.HasFill(report.TradeId) : !state.AddExecution(report.ExecutionId, report.ExecutionType));
        if (seen)
        {
            Interlocked.Increment(ref _duplicates);
        }

        TrackedOrder? before;
        if (state is null)
        {
            state = GetOrCreate(KeyOf(report), report.Symbol, out before);
        }
        else
        {
            before = state.ToTracked();
        }

        state.AddExecution(report.ExecutionId, report.ExecutionType);

        var gap = false;
        if (isTrade && !seen)
        {
            var previous = report.CumulativeFilledQuantity - report.LastExecutedQuantity;
            var known = state.FilledQuantity;
            if (previous > known)
            {
                gap = true;
                Interlocked.Increment(ref _gaps);
                Log.GapDetected(_logger, report.Symbol, state.ClientOrderId, report.CumulativeFilledQuantity, report.LastExecutedQuantity, known);
            }
        }

        Identify(state, report.OrderId);
        if (report.ExecutionType == ExecutionType.Replaced && report.ClientOrderId != state.ClientOrderId && !_orders.ContainsKey(report.ClientOrderId))
        {
            // An amended order takes the amend's new client order id; it stays findable by both.
            _aliases[report.ClientOrderId] = state;
            state.Aliases.Add(report.ClientOrderId);
        }

        state.Side = report.Side;
        state.Type = report.Type;
        if (state.UpdateTime is null || report.TransactionTime >= state.UpdateTime)
        {
            state.Price = report.Price;
            state.Quantity = report.Quantity;
            state.UpdateTime = report.TransactionTime;
        }

        if (report.OrderListId >= 0)
        {
            state.OrderListId = report.OrderListId;
        }

        if (state.SentTime is { } sent && state.Latency is null)
        {
            state.Latency = _time.GetUtcNow() - sent;
        }

        if (state.MergeStatus(report.Status, authoritative: false))
        {
            if (report.Status == OrderStatus.Rejected)
            {
                state.RejectReason = report.RejectReason;
            }

            state.ExpiryReason = report.ExpiryReason ?? state.ExpiryReason;
        }

        state.Report(report.CumulativeFilledQuantity, report.CumulativeQuoteQuantity);
        if (isTrade && !seen)
        {
            var quote = report.LastQuoteQuantity > 0m ? report.LastQuoteQuantity : report.LastExecutedPrice * report.LastExecutedQuantity;
            state.AddFill(new TrackedFill(report.TradeId, report.LastExecutedPrice, report.LastExecutedQuantity, quote, report.Commission, report.CommissionAsset, report.TransactionTime, report.IsMaker));
            if (!gap)
            {
                AdvanceCursor(report.Symbol, report.TradeId);
            }
        }

        Changed(state, before, notes);
        return gap;
    }

    /// <param name="order">The order as the exchange reported it.</param>
    /// <param name="notes">The notifications to raise.</param>
    /// <param name="trades">Its trades (myTrades), merged in the same change so a final state is announced with its fills.</param>
    private void ApplyOrder(Order order, List<Action> notes, IReadOnlyList<AccountTrade>? trades = null)
    {
        TrackedOrder? before;
        if (_byExchangeId.TryGetValue((order.Symbol, order.ExchangeOrderId), out var state))
        {
            before = state.ToTracked();
        }
        else
        {
            state = GetOrCreate(order.ClientOrderId, order.Symbol, out before);
        }

        Identify(state, order.ExchangeOrderId);
        if (order.Side != OrderSide.Unknown)
        {
            state.Side = order.Side;
        }

        if (order.Type != OrderType.Unknown)
        {
            state.Type = order.Type;
        }

        state.Price = order.Price ?? state.Price;
        state.Quantity = order.Quantity ?? state.Quantity;
        if (order.OrderListId is >= 0)
        {
            state.OrderListId = order.OrderListId;
        }

        if (order.UpdateTime is { } updated && (state.UpdateTime is null || updated > state.UpdateTime))
        {
            state.UpdateTime = updated;
        }

        if (state.MergeStatus(order.Status, authoritative: true))
        {
            state.ExpiryReason = order.ExpiryReason ?? state.ExpiryReason;
        }

        if (order.FilledQuantity is { } filled && order.CumulativeQuoteQuantity is { } quote)
        {
            state.Report(filled, quote);
        }

        foreach (var fill in order.Fills)
        {
            if (fill.TradeId is >= 0)
            {
                state.AddFill(new TrackedFill(fill.TradeId.Value, fill.Price, fill.Quantity, fill.Price * fill.Quantity, fill.Commission ?? 0m, fill.CommissionAsset, order.UpdateTime ?? order.Time, false));
            }
        }

        foreach (var trade in trades ?? [])
        {
            // One order's trades say nothing about the other orders' trades below them: the sweep cursor stays.
            if (trade.OrderId == order.ExchangeOrderId && trade.Symbol == order.Symbol)
            {
                state.AddFill(new TrackedFill(trade.Id, trade.Price, trade.Quantity, trade.QuoteQuantity, trade.Commission, trade.CommissionAsset, trade.Time, trade.IsMaker));
            }
        }

        Changed(state, before, notes);
    }

    private bool ApplyTrade(AccountTrade trade, List<Action> notes, bool advanceCursor)
    {
        if (advanceCursor)
        {
            AdvanceCursor(trade.Symbol, trade.Id);
        }

        if (!_byExchangeId.TryGetValue((trade.Symbol, trade.OrderId), out var state) || state.HasFill(trade.Id))
        {
            return false;
        }

        var before = state.ToTracked();
        state.AddFill(new TrackedFill(trade.Id, trade.Price, trade.Quantity, trade.QuoteQuantity, trade.Commission, trade.CommissionAsset, trade.Time, trade.IsMaker));

        // The fills are the exchange's: an order whose fills reach its quantity is FILLED, one with a fill is at least PARTIALLY_FILLED.
        if (state.Quantity is > 0m && state.FilledQuantity >= state.Quantity)
        {
            state.MergeStatus(OrderStatus.Filled, authoritative: false);
        }
        else if (state.Status == OrderStatus.New)
        {
            state.MergeStatus(OrderStatus.PartiallyFilled, authoritative: false);
        }

        Changed(state, before, notes);
        return true;
    }

    private void SetBalance(Balance balance, DateTimeOffset? time, List<Action> notes)
    {
        if (_balances.TryGetValue(balance.Asset, out var known))
        {
            if (time is { } at && known.Time is { } knownAt && at < knownAt)
            {
                return; // older than what the tracker holds
            }

            _balances[balance.Asset] = (balance, time ?? known.Time);
            if (known.Balance.Free != balance.Free || known.Balance.Locked != balance.Locked)
            {
                notes.Add(() => RaiseBalance(new BalanceChangedEventArgs(balance, known.Balance)));
            }

            return;
        }

        _balances[balance.Asset] = (balance, time);
        notes.Add(() => RaiseBalance(new BalanceChangedEventArgs(balance, null)));
    }

    private void ApplyBalanceDelta(BalanceUpdate update, List<Action> notes)
    {
        // An outboundAccountPosition at or after the clear time already contains the change.
        if (_balances.TryGetValue(update.Asset, out var known) && known.Time is { } knownAt && knownAt >= update.ClearTime)
        {
            return;
        }

        var current = known.Balance ?? new Balance(update.Asset, 0m, 0m);
        SetBalance(current with { Free = current.Free + update.Delta }, update.ClearTime, notes);
    }

    private OrderState? FindForReport(ExecutionReport report)
    {
        if (_byExchangeId.TryGetValue((report.Symbol, report.OrderId), out var state))
        {
            return state;
        }

        var key = KeyOf(report);
        return (_orders.TryGetValue(key, out state) || _aliases.TryGetValue(key, out state)) && state.Symbol == report.Symbol ? state : null;
    }

    /// <summary>A cancel's report carries the cancel request's id in <c>c</c> and the canceled order's in <c>C</c>.</summary>
    private static string KeyOf(ExecutionReport report) =>
        report.ExecutionType == ExecutionType.Canceled && !string.IsNullOrEmpty(report.OriginalClientOrderId) ? report.OriginalClientOrderId : report.ClientOrderId;

    private OrderState GetOrCreate(string clientOrderId, string symbol, out TrackedOrder? before)
    {
        if (_orders.TryGetValue(clientOrderId, out var state))
        {
            before = state.ToTracked();
            return state;
        }

        state = new OrderState(clientOrderId, symbol) { TrackedSince = _time.GetUtcNow() };
        _orders[clientOrderId] = state;
        before = null;
        return state;
    }

    private void Identify(OrderState state, long exchangeOrderId)
    {
        if (exchangeOrderId > 0 && state.ExchangeOrderId != exchangeOrderId)
        {
            state.ExchangeOrderId = exchangeOrderId;
            _byExchangeId[(state.Symbol, exchangeOrderId)] = state;
        }
    }

    private void AdvanceCursor(string symbol, long tradeId)
    {
        if (tradeId >= 0 && (!_tradeCursor.TryGetValue(symbol, out var cursor) || tradeId > cursor))
        {
            _tradeCursor[symbol] = tradeId;
        }
    }

    private void Changed(OrderState state, TrackedOrder? before, List<Action> notes)
    {
        state.Invalidate();
        var probe = state.ToTracked();
        if (before is not null && SameState(before, probe))
        {
            return;
        }

        state.Touch();
        var after = state.ToTracked();
        notes.Add(() => RaiseOrder(OrderChanged, after, before, nameof(OrderChanged)));
        if (after.Status != before?.Status)
        {
            var specific = after.Status switch
            {
                OrderStatus.Filled => (OrderFilled, nameof(OrderFilled)),
                OrderStatus.Canceled => (OrderCanceled, nameof(OrderCanceled)),
                OrderStatus.Rejected => (OrderRejected, nameof(OrderRejected)),
                OrderStatus.Expired or OrderStatus.ExpiredInMatch => (OrderExpired, nameof(OrderExpired)),
                _ => ((EventHandler<OrderChangedEventArgs>?)null, string.Empty),
            };
            if (specific.Item2.Length > 0)
            {
                notes.Add(() => RaiseOrder(specific.Item1, after, before, specific.Item2));
            }
        }

        if (!state.IsOpen && !state.Closed)
        {
            state.Closed = true;
            _closed.Enqueue(state);
            while (_closed.Count > _options.MaxClosedOrders)
            {
                var old = _closed.Dequeue();
                _orders.Remove(old.ClientOrderId);
                foreach (var alias in old.Aliases)
                {
                    _aliases.Remove(alias);
                }

                if (old.ExchangeOrderId is { } id)
                {
                    _byExchangeId.Remove((old.Symbol, id));
                }
            }
        }
    }

    private static bool SameState(TrackedOrder a, TrackedOrder b) =>
        a.Status == b.Status && a.ExchangeOrderId == b.ExchangeOrderId && a.FilledQuantity == b.FilledQuantity
        && a.CumulativeQuoteQuantity == b.CumulativeQuoteQuantity && a.Fills.Count == b.Fills.Count && a.Quantity == b.Quantity
        && a.Price == b.Price && a.Side == b.Side && a.Type == b.Type && a.Latency == b.Latency && a.SentTime == b.SentTime
        && a.ReferencePrice == b.ReferencePrice && a.RejectReason == b.RejectReason && a.OrderListId == b.OrderListId
        && a.UpdateTime == b.UpdateTime;

    // ---- notifications (outside _gate) ----

    private static void Raise(List<Action> notes)
    {
        foreach (var note in notes)
        {
            note();
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A user's handler that throws is logged and counted; it must not break the tracker or the other handlers.")]
    private void RaiseOrder(EventHandler<OrderChangedEventArgs>? handler, TrackedOrder order, TrackedOrder? previous, string name)
    {
        if (handler is null)
        {
            return;
        }

        var args = new OrderChangedEventArgs(order, previous);
        foreach (var single in handler.GetInvocationList())
        {
            try
            {
                ((EventHandler<OrderChangedEventArgs>)single)(this, args);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _handlerFailures);
                Log.HandlerFailed(_logger, ex, name);
            }
        }
    }

    [SuppressMessage("Design", "CA1031:Do not catch general exception types", Justification = "A user's handler that throws is logged and counted; it must not break the tracker or the other handlers.")]
    private void RaiseBalance(BalanceChangedEventArgs args)
    {
        if (BalanceChanged is not { } handler)
        {
            return;
        }

        foreach (var single in handler.GetInvocationList())
        {
            try
            {
                ((EventHandler<BalanceChangedEventArgs>)single)(this, args);
            }
            catch (Exception ex)
            {
                Interlocked.Increment(ref _handlerFailures);
                Log.HandlerFailed(_logger, ex, nameof(BalanceChanged));
            }
        }
    }

    // ---- reconciliation ----

    private async Task TryReconcileAsync(string reason, CancellationToken cancellationToken)
    {
        try
        {
            await ReconcileCoreAsync(reason, cancellationToken).ConfigureAwait(false);
        }
        catch (ExchangeException ex)
        {
            Log.ReconcileFailed(_logger, ex, reason);
            Volatile.Write(ref _reconcilePending, 1);
        }
    }

    private async Task WatchResubscriptionsAsync(UserDataSubscription subscription, long seen, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(_options.ResubscriptionCheckInterval, _time, cancellationToken).ConfigureAwait(false);
            var now = subscription.Resubscriptions;
            if (now != seen || Volatile.Read(ref _reconcilePending) != 0)
            {
                seen = now;
                Interlocked.Exchange(ref _reconcilePending, 0);
                Log.StreamInterrupted(_logger, "resubscribed");
                await TryReconcileAsync("resubscribed", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ReconcileCoreAsync(string reason, CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var notes = new List<Action>();
            var account = await _rest.GetAccountAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                ApplyAccount(account, notes);
            }

            var open = await _rest.GetOpenOrdersAsync(null, cancellationToken).ConfigureAwait(false);
            List<(string ClientOrderId, string Symbol, long? ExchangeOrderId)> vanished;
            lock (_gate)
            {
                foreach (var order in open)
                {
                    ApplyOrder(order, notes);
                }

                var stillOpen = open.Select(static o => (o.Symbol, o.ExchangeOrderId)).ToHashSet();
                vanished = [.. _orders.Values
                    .Where(s => s.IsOpen && !(s.ExchangeOrderId is { } id && stillOpen.Contains((s.Symbol, id))))
                    .Select(static s => (s.ClientOrderId, s.Symbol, s.ExchangeOrderId))];
            }

            Raise(notes);
            await ResolveAsync(vanished, cancellationToken).ConfigureAwait(false);

            // Only orders that were open can have fills the tracker missed; closed ones cannot trade any more.
            var active = open.Select(static o => o.Symbol).Concat(vanished.Select(static v => v.Symbol)).ToHashSet(StringComparer.Ordinal);
            var fills = await SweepTradesAsync(active, cancellationToken).ConfigureAwait(false);
            fills += await FillMissingTradesAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _reconciliations);
            Log.Reconciled(_logger, reason, open.Count, vanished.Count, fills, account.Balances.Count);
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    private void ApplyAccount(AccountInfo account, List<Action> notes)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var balance in account.Balances)
        {
            seen.Add(balance.Asset);
            SetBalance(balance, account.UpdateTime, notes);
        }

        foreach (var (asset, _) in _balances.Where(p => !seen.Contains(p.Key)).ToList())
        {
            // Absent from the account: the exchange holds none of it (zero balances may be omitted).
            SetBalance(new Balance(asset, 0m, 0m), account.UpdateTime, notes);
        }
    }

    /// <summary>Queries orders that left the open orders (or whose outcome is unknown) for their final state.</summary>
    private async Task ResolveAsync(IReadOnlyList<(string ClientOrderId, string Symbol, long? ExchangeOrderId)> orders, CancellationToken cancellationToken)
    {
        foreach (var (clientOrderId, symbol, exchangeOrderId) in orders)
        {
            var notes = new List<Action>();
            try
            {
                var order = await _rest.GetOrderAsync(symbol, exchangeOrderId, exchangeOrderId is null ? clientOrderId : null, cancellationToken).ConfigureAwait(false);
                bool missesFills;
                lock (_gate)
                {
                    var known = _byExchangeId.GetValueOrDefault((order.Symbol, order.ExchangeOrderId)) ?? _orders.GetValueOrDefault(order.ClientOrderId);
                    missesFills = order.FilledQuantity is > 0m && order.FilledQuantity > (known?.FillQuantity ?? 0m);
                }

                // Fetch the fills first, so the final state (FILLED, CANCELED after fills…) is announced with them.
                var trades = missesFills
                    ? await _rest.GetMyTradesAsync(order.Symbol, exchangeOrderId: order.ExchangeOrderId, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : null;
                lock (_gate)
                {
                    ApplyOrder(order, notes, trades);
                }
            }
            catch (OrderNotFoundException)
            {
                lock (_gate)
                {
                    if (_orders.TryGetValue(clientOrderId, out var state) && state.ExchangeOrderId is null && state.Status == OrderStatus.Unknown)
                    {
                        var elapsed = _time.GetUtcNow() - (state.SentTime ?? state.TrackedSince);
                        if (elapsed >= _options.UnknownOutcomeWindow)
                        {
                            var before = state.ToTracked();
                            state.MarkNotFound();
                            Log.NotFoundOnExchange(_logger, symbol, clientOrderId, elapsed);
                            Changed(state, before, notes);
                        }
                    }
                }
            }

            Raise(notes);
        }
    }

    /// <summary>myTrades since the last known trade id of every symbol with orders that were open.</summary>
    private async Task<int> SweepTradesAsync(HashSet<string> active, CancellationToken cancellationToken)
    {
        List<(string Symbol, long Cursor)> symbols;
        lock (_gate)
        {
            symbols = [.. _tradeCursor.Where(p => active.Contains(p.Key)).Select(static p => (p.Key, p.Value))];
        }

        var added = 0;
        foreach (var (symbol, cursor) in symbols)
        {
            var from = cursor + 1;
            for (var page = 0; page < MaxTradePages; page++)
            {
                var trades = await _rest.GetMyTradesAsync(symbol, fromId: from, limit: _options.TradesPageSize, cancellationToken: cancellationToken).ConfigureAwait(false);
                added += ApplyTrades(trades, advanceCursor: true);
                if (trades.Count < _options.TradesPageSize)
                {
                    break;
                }

                from = trades.Max(static t => t.Id) + 1;
            }
        }

        return added;
    }

    /// <summary>myTrades of every order the exchange reports more filled for than the fills the tracker holds.</summary>
    private async Task<int> FillMissingTradesAsync(CancellationToken cancellationToken)
    {
        List<(string Symbol, long Id)> missing;
        lock (_gate)
        {
            missing = [.. _orders.Values.Where(static o => o.MissesFills && o.ExchangeOrderId is not null).Select(static o => (o.Symbol, o.ExchangeOrderId!.Value))];
        }

        var added = 0;
        foreach (var (symbol, id) in missing)
        {
            var trades = await _rest.GetMyTradesAsync(symbol, exchangeOrderId: id, limit: 1000, cancellationToken: cancellationToken).ConfigureAwait(false);
            added += ApplyTrades(trades, advanceCursor: false);
        }

        return added;
    }

    /// <param name="trades">The trades.</param>
    /// <param name="advanceCursor">True for a sweep (every trade of the account from the cursor on), false for one order's trades.</param>
    private int ApplyTrades(IReadOnlyList<AccountTrade> trades, bool advanceCursor)
    {
        var notes = new List<Action>();
        var added = 0;
        lock (_gate)
        {
            foreach (var trade in trades)
            {
                added += ApplyTrade(trade, notes, advanceCursor) ? 1 : 0;
            }
        }

        Raise(notes);
        return added;
    }
}
