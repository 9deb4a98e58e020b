using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Binance.Protocol;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Protocol.Args;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;

namespace Genesis.Exchange.Binance.Rest;

/// <summary>The trading calls added in issue 12 part 2: cancel all, cancel-replace, amend keep-priority, SOR, allocations.</summary>
public sealed partial class BinanceRestClient
{
    /// <inheritdoc />
    public async Task<CancelOpenOrdersResult> CancelOpenOrdersAsync(string symbol, CancellationToken cancellationToken = default)
    {
        try
        {
            return await SendAsync(SpotRestEndpoints.CancelOpenOrders, new SymbolArgs(Symbol(symbol)), cancellationToken).ConfigureAwait(false);
        }
        catch (OrderRejectedException ex) when (ex.BinanceCode == -2011)
        {
            // Binance's answer when nothing is open on the symbol: the goal of the call (nothing open) holds.
            return CancelOpenOrdersResult.None;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// The new order goes through <see cref="PlaceOrderAsync"/>'s rules: validated against the symbol's rules, given a
    /// client order id when it has none, sent once, and, when the answer may be lost, settled by querying that client
    /// order id (and the old order, for the cancel's outcome) within <see cref="OrderOptions.ReconcileTimeout"/>; otherwise
    /// <see cref="UnknownOrderStatusException"/> carries the new order's client order id. A partial or complete failure
    /// the exchange reports (-2021, -2022) throws <see cref="CancelReplaceException"/> with what each half did.
    /// </remarks>
    public async Task<CancelReplaceResult> CancelReplaceAsync(CancelReplaceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.NewOrder);
        if (request.CancelOrderId is null && string.IsNullOrEmpty(request.CancelOrigClientOrderId))
        {
            throw new ArgumentException("Give the exchange order id or the client order id of the order to cancel.", nameof(request));
        }

        if (request.CancelNewClientOrderId is { } cancelId && !ClientOrderIds.IsValid(cancelId))
        {
            throw new ExchangeValidationException($"Cancel client order id '{cancelId}' is invalid: use 1–36 letters, digits, '-' or '_'.", -1100);
        }

        var prepared = await PrepareAsync(request.NewOrder, cancellationToken).ConfigureAwait(false);
        var args = new CancelReplaceArgs(request with { NewOrder = prepared });
        var sent = SpotRestEndpoints.CancelReplace.CreateRequest(args);
        using var scope = BeginScope(sent, prepared.ClientOrderId);
        var started = _time.GetTimestamp();
        return await SendPlacementAsync(
            sent,
            response => EnrichNewOrder(SpotRestEndpoints.CancelReplace.Read(args, response), prepared, started),
            failure => ReconcileAsync(prepared, sent, failure, (found, token) => SettleCancelReplaceAsync(request, prepared, found, started, token)),
            CancelReplaceRefusal,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A -2021/-2022 answer with its <c>data</c>: what each half did, as a <see cref="CancelReplaceException"/>; null for any other error.</summary>
    private static CancelReplaceException? CancelReplaceRefusal(ExchangeRequest request, ExchangeResponse response)
    {
        if (!response.TryGetError(out var code, out _) || code is not (-2021 or -2022))
        {
            return null;
        }

        (int Code, string Message, CancelReplaceResult Result)? failure;
        try
        {
            failure = BinanceResponseParser.ParseCancelReplaceFailure(response.Body);
        }
        catch (MalformedResponseException)
        {
            return null; // Not readable: the plain typed error of the code is what the caller gets.
        }

        if (failure is not { } f)
        {
            return null;
        }

        return new CancelReplaceException($"{request.Endpoint.Name}: {f.Message} ({f.Code}); cancel {f.Result.RawCancelResult}, new order {f.Result.RawNewOrderResult}.", f.Result, f.Code, response.StatusCode, request.CorrelationId)
        {
            ResponseBodyExcerpt = response.BodyExcerpt(),
        };
    }

    /// <summary>
    /// The outcome of a cancel-replace whose answer was lost but whose new order the reconcile found: the new order, and
    /// the old order's state from one more query (best effort: Unknown when it cannot be read in time).
    /// </summary>
    private async Task<CancelReplaceResult> SettleCancelReplaceAsync(CancelReplaceRequest request, OrderRequest prepared, Order found, long started, CancellationToken cancellationToken)
    {
        Order? old = null;
        try
        {
            old = await GetOrderAsync(prepared.Symbol, request.CancelOrderId, request.CancelOrigClientOrderId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ExchangeException or OperationCanceledException)
        {
            // The new order is known; the old one's state is reported as unknown rather than failing the whole answer.
        }

        var canceled = old?.Status == OrderStatus.Canceled;
        return new CancelReplaceResult
        {
            CancelResult = canceled ? CancelReplaceStatus.Success : CancelReplaceStatus.Unknown,
            RawCancelResult = string.Empty,
            NewOrderResult = CancelReplaceStatus.Success,
            RawNewOrderResult = string.Empty,
            CancelResponse = canceled ? old : null,
            NewOrderResponse = Enrich(found, prepared, _time.GetElapsedTime(started)),
        };
    }

    private CancelReplaceResult EnrichNewOrder(CancelReplaceResult result, OrderRequest prepared, long started)
    {
        if (result.NewOrderResponse is not { } placed)
        {
            return result;
        }

        placed = Enrich(placed, prepared, _time.GetElapsedTime(started));
        Log.OrderPlaced(_logger, placed.ClientOrderId, placed.Side.ToString(), placed.Type.ToString(), placed.Symbol, placed.Status.ToString(), placed.FilledQuantity, placed.LatencyMs);
        return result with { NewOrderResponse = placed };
    }

    /// <inheritdoc />
    public Task<AmendOrderResult> AmendOrderKeepPriorityAsync(string symbol, decimal newQuantity, long? exchangeOrderId = null, string? clientOrderId = null, string? newClientOrderId = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newQuantity);
        var id = OrderIdentity(symbol, exchangeOrderId, clientOrderId);
        if (newClientOrderId is not null && !ClientOrderIds.IsValid(newClientOrderId))
        {
            throw new ExchangeValidationException($"Client order id '{newClientOrderId}' is invalid: use 1–36 letters, digits, '-' or '_'.", -1100);
        }

        return SendAsync(SpotRestEndpoints.AmendOrder, new AmendOrderArgs(id.Symbol, id.OrderId, id.OrigClientOrderId, newClientOrderId, newQuantity), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<OrderAmendment>> GetOrderAmendmentsAsync(string symbol, long exchangeOrderId, long? fromExecutionId = null, int limit = 500, CancellationToken cancellationToken = default) =>
        SendAsync(SpotRestEndpoints.OrderAmendments, new OrderAmendmentsArgs(Symbol(symbol), exchangeOrderId, fromExecutionId, Limit(limit, 1000)), cancellationToken);

    /// <inheritdoc />
    /// <remarks>
    /// The same rules as <see cref="PlaceOrderAsync"/>: validated, given a client order id when it has none, sent once,
    /// reconciled by client order id when the answer may be lost (or <see cref="UnknownOrderStatusException"/>).
    /// </remarks>
    public async Task<Order> PlaceSorOrderAsync(OrderRequest order, CancellationToken cancellationToken = default)
    {
        EnsureSorOrder(order);
        return await PlaceAsync(SpotRestEndpoints.SorOrder, order, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<TestOrderResult> TestSorOrderAsync(OrderRequest order, bool computeCommissionRates = false, CancellationToken cancellationToken = default)
    {
        EnsureSorOrder(order);
        var prepared = await PrepareAsync(order, cancellationToken).ConfigureAwait(false);
        return await SendAsync(SpotRestEndpoints.SorTestOrder, new TestOrderArgs(prepared, computeCommissionRates), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Allocation>> GetAllocationsAsync(string symbol, DateTimeOffset? startTime = null, DateTimeOffset? endTime = null, long? fromAllocationId = null, long? exchangeOrderId = null, int limit = 500, CancellationToken cancellationToken = default)
    {
        if (startTime is { } start && endTime is { } end && (end < start || end - start > TimeSpan.FromHours(24)))
        {
            throw new ArgumentOutOfRangeException(nameof(endTime), end, "The end time must be within 24 hours after the start time.");
        }

        return SendAsync(SpotRestEndpoints.Allocations, new AllocationsArgs(Symbol(symbol), startTime, endTime, fromAllocationId, exchangeOrderId, Limit(limit, 1000)), cancellationToken);
    }

    /// <summary>SOR takes LIMIT and MARKET orders by base quantity only (<c>rest-api.md</c>: "quoteOrderQty is not supported").</summary>
    private static void EnsureSorOrder(OrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.Type is not (OrderType.Limit or OrderType.Market))
        {
            throw new ExchangeValidationException($"SOR orders must be LIMIT or MARKET, not {order.Type}.", -1116);
        }

        if (order.QuoteQuantity is not null || order.Quantity is null)
        {
            throw new ExchangeValidationException("SOR orders need a base quantity; quoteOrderQty is not supported.", -1102);
        }
    }

    /// <summary>
    /// Adds the order options every placement endpoint takes (new order, test order, cancel-replace, SOR, order list legs):
    /// strategy id and type, trailing delta, self-trade prevention, peg. Values Binance refuses are refused here, unsent.
    /// </summary>
    /// <param name="p">The parameters.</param>
    /// <param name="order">The order.</param>
    internal static void AddOrderOptions(List<KeyValuePair<string, string>> p, OrderRequest order)
    {
        if (order.StrategyId is { } strategyId)
        {
            p.Add(P("strategyId", strategyId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (order.StrategyType is { } strategyType)
        {
            if (strategyType < 1_000_000)
            {
                throw new ExchangeValidationException($"strategyType must be at least 1000000; got {strategyType}.", -1100);
            }

            p.Add(P("strategyType", strategyType.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (order.TrailingDelta is { } trailingDelta)
        {
            if (trailingDelta <= 0)
            {
                throw new ExchangeValidationException($"trailingDelta must be a positive number of basis points; got {trailingDelta}.", -1100);
            }

            p.Add(P("trailingDelta", trailingDelta.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (order.SelfTradePreventionMode is { } stp)
        {
            p.Add(P("selfTradePreventionMode", WireName(stp, BinanceEnums.SelfTradePreventionModeNames, "selfTradePreventionMode")));
        }

        var pegged = order.PegPriceType is not null || order.PegOffsetType is not null || order.PegOffsetValue is not null;
        if (pegged && order.Type is not (OrderType.Limit or OrderType.LimitMaker or OrderType.StopLossLimit or OrderType.TakeProfitLimit))
        {
            throw new ExchangeValidationException($"{order.Type} orders cannot be pegged (pegged orders are LIMIT, LIMIT_MAKER, STOP_LOSS_LIMIT or TAKE_PROFIT_LIMIT).", -1106);
        }

        if (order.PegOffsetType is null != order.PegOffsetValue is null)
        {
            throw new ExchangeValidationException("pegOffsetType and pegOffsetValue must be given together.", -1102);
        }

        if (order.PegPriceType is { } peg)
        {
            p.Add(P("pegPriceType", WireName(peg, BinanceEnums.PegPriceTypeNames, "pegPriceType")));
        }

        if (order.PegOffsetValue is { } offset)
        {
            if (offset is < 0 or > 100)
            {
                throw new ExchangeValidationException($"pegOffsetValue must be within 0–100 price levels; got {offset}.", -1100);
            }

            p.Add(P("pegOffsetValue", offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (order.PegOffsetType is { } offsetType)
        {
            p.Add(P("pegOffsetType", WireName(offsetType, BinanceEnums.PegOffsetTypeNames, "pegOffsetType")));
        }
    }

    private static string WireName<TEnum>(TEnum value, WireNames names, string parameter)
        where TEnum : struct, Enum
    {
        var index = Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) - 1;
        return index >= 0 && index < names.Names.Count
            ? names.Names[index]
            : throw new ExchangeValidationException($"{parameter} {value} is not a value Binance accepts.", -1100);
    }
}
