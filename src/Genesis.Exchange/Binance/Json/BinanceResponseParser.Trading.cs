using System.Text.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Binance.Json.JsonValues;

namespace Genesis.Exchange.Binance.Json;

/// <summary>Parsers of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR, allocations).</summary>
internal static partial class BinanceResponseParser
{
    /// <summary>
    /// Parses the answer of <c>DELETE /api/v3/openOrders</c>: an array mixing cancel reports of single orders and of
    /// order lists (an object with <c>orderReports</c>).
    /// </summary>
    /// <param name="json">The body.</param>
    /// <returns>The canceled orders and lists.</returns>
    public static CancelOpenOrdersResult ParseCancelOpenOrders(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw Malformed($"expected a JSON array, got {root.ValueKind}.");
        }

        var orders = new List<Order>();
        var lists = new List<OrderListReport>();
        foreach (var item in root.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Malformed($"a canceled item is {item.ValueKind}, not an object.");
            }

            if (item.TryGetProperty("orderReports", out _))
            {
                lists.Add(OrderListReportFrom(item));
            }
            else
            {
                orders.Add(OrderFrom(item));
            }
        }

        return new CancelOpenOrdersResult(orders, lists);
    });

    internal static OrderListReport OrderListReportFrom(JsonElement l)
    {
        var legs = new List<OrderListMemberId>();
        if (l.TryGetProperty("orders", out var os) && os.ValueKind == JsonValueKind.Array)
        {
            foreach (var o in os.EnumerateArray())
            {
                legs.Add(new OrderListMemberId(String(o, "symbol"), Long(o, "orderId"), String(o, "clientOrderId")));
            }
        }

        var reports = new List<Order>();
        if (l.TryGetProperty("orderReports", out var rs) && rs.ValueKind == JsonValueKind.Array)
        {
            foreach (var r in rs.EnumerateArray())
            {
                reports.Add(OrderFrom(r));
            }
        }

        return new OrderListReport
        {
            OrderListId = Long(l, "orderListId"),
            ContingencyType = StringOr(l, "contingencyType", string.Empty),
            ListStatusType = StringOr(l, "listStatusType", string.Empty),
            ListOrderStatus = StringOr(l, "listOrderStatus", string.Empty),
            ListClientOrderId = StringOr(l, "listClientOrderId", string.Empty),
            TransactionTime = TimeOrNull(l, "transactionTime"),
            Symbol = String(l, "symbol"),
            Orders = legs,
            OrderReports = reports,
        };
    }

    /// <summary>
    /// Parses a cancel-replace answer: the success object, or the <c>data</c> of a -2021/-2022 error. Each response is an
    /// order (cancel report or new order) or a <c>{"code","msg"}</c> error.
    /// </summary>
    /// <param name="json">The body.</param>
    /// <returns>The result.</returns>
    public static CancelReplaceResult ParseCancelReplace(ReadOnlyMemory<byte> json) => Parse(json, root =>
        CancelReplaceFrom(root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : root));

    /// <summary>Parses a -2021/-2022 cancel-replace error: its code, message and the result in its <c>data</c>; null when the body has no <c>data</c>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The failure, or null.</returns>
    public static (int Code, string Message, CancelReplaceResult Result)? ParseCancelReplaceFailure(ReadOnlyMemory<byte> json) => Parse<(int, string, CancelReplaceResult)?>(json, root =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? (Int(root, "code"), StringOr(root, "msg", string.Empty), CancelReplaceFrom(data))
            : null);

    private static CancelReplaceResult CancelReplaceFrom(JsonElement r)
    {
        if (r.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"a cancel-replace answer is {r.ValueKind}, not an object.");
        }

        var cancelResult = StringOr(r, "cancelResult", string.Empty);
        var newOrderResult = StringOr(r, "newOrderResult", string.Empty);
        var (cancel, cancelError) = OrderOrError(r, "cancelResponse");
        var (placed, placeError) = OrderOrError(r, "newOrderResponse");
        return new CancelReplaceResult
        {
            CancelResult = ParseCancelReplaceStatus(cancelResult),
            RawCancelResult = cancelResult,
            NewOrderResult = ParseCancelReplaceStatus(newOrderResult),
            RawNewOrderResult = newOrderResult,
            CancelResponse = cancel,
            CancelError = cancelError,
            NewOrderResponse = placed,
            NewOrderError = placeError,
        };
    }

    private static (Order? Order, ExchangeErrorDetail? Error) OrderOrError(JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return (null, null);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Malformed($"'{name}' is {value.ValueKind}, not an object.");
        }

        return value.TryGetProperty("code", out _) && !value.TryGetProperty("orderId", out _)
            ? (null, new ExchangeErrorDetail(Int(value, "code"), StringOr(value, "msg", string.Empty)))
            : (OrderFrom(value), null);
    }

    private static CancelReplaceStatus ParseCancelReplaceStatus(string value) => value switch
    {
        "SUCCESS" => CancelReplaceStatus.Success,
        "FAILURE" => CancelReplaceStatus.Failure,
        "NOT_ATTEMPTED" => CancelReplaceStatus.NotAttempted,
        _ => CancelReplaceStatus.Unknown,
    };

    /// <summary>Parses the answer of <c>PUT /api/v3/order/amend/keepPriority</c>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The result.</returns>
    public static AmendOrderResult ParseAmendOrder(ReadOnlyMemory<byte> json) => Parse(json, root =>
    {
        var o = Required(root, "amendedOrder");
        var status = StringOr(o, "status", string.Empty);
        var timeInForce = StringOr(o, "timeInForce", string.Empty);
        var type = StringOr(o, "type", string.Empty);
        var side = StringOr(o, "side", string.Empty);
        var stp = KnownStringOrNull(o, "selfTradePreventionMode", BinanceEnums.SelfTradePreventionModeNames);
        var quote = DecimalOrNull(o, "cumulativeQuoteQty");
        return new AmendOrderResult
        {
            TransactTime = TimeOrNull(root, "transactTime"),
            ExecutionId = Long(root, "executionId"),
            AmendedOrder = new AmendedOrder
            {
                Symbol = String(o, "symbol"),
                OrderId = Long(o, "orderId"),
                OrderListId = LongOrNull(o, "orderListId"),
                OrigClientOrderId = StringOr(o, "origClientOrderId", string.Empty),
                ClientOrderId = String(o, "clientOrderId"),
                Price = NonNegativeOrNull(o, "price"),
                Quantity = NonNegative(o, "qty"),
                ExecutedQuantity = NonNegativeOrNull(o, "executedQty"),
                PreventedQuantity = NonNegativeOrNull(o, "preventedQty"),
                QuoteOrderQuantity = NonNegativeOrNull(o, "quoteOrderQty"),
                CumulativeQuoteQuantity = quote >= 0 ? quote : null,
                Status = status.Length == 0 ? OrderStatus.Unknown : BinanceEnums.ParseOrderStatus(status),
                RawStatus = status,
                TimeInForce = BinanceEnums.ParseTimeInForce(timeInForce),
                RawTimeInForce = timeInForce,
                Type = BinanceEnums.ParseOrderType(type),
                RawType = type,
                Side = BinanceEnums.ParseSide(side),
                RawSide = side,
                WorkingTime = TimeOrNullWhenNegative(o, "workingTime"),
                SelfTradePreventionMode = stp is null ? null : BinanceEnums.ParseSelfTradePreventionMode(stp),
                RawSelfTradePreventionMode = stp,
            },
            ListStatus = root.TryGetProperty("listStatus", out var list) && list.ValueKind == JsonValueKind.Object ? OrderListReportFrom(list) : null,
        };
    });

    /// <summary>Parses <c>GET /api/v3/order/amendments</c>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The amendments, oldest first.</returns>
    public static IReadOnlyList<OrderAmendment> ParseOrderAmendments(ReadOnlyMemory<byte> json) => ParseArray(json, a => new OrderAmendment
    {
        Symbol = String(a, "symbol"),
        OrderId = Long(a, "orderId"),
        ExecutionId = Long(a, "executionId"),
        OrigClientOrderId = StringOr(a, "origClientOrderId", string.Empty),
        NewClientOrderId = StringOr(a, "newClientOrderId", string.Empty),
        OriginalQuantity = NonNegative(a, "origQty"),
        NewQuantity = NonNegative(a, "newQty"),
        Time = Time(a, "time"),
    });

    /// <summary>Parses <c>GET /api/v3/myAllocations</c>.</summary>
    /// <param name="json">The body.</param>
    /// <returns>The allocations.</returns>
    public static IReadOnlyList<Allocation> ParseAllocations(ReadOnlyMemory<byte> json) => ParseArray(json, a => new Allocation
    {
        Symbol = String(a, "symbol"),
        AllocationId = Long(a, "allocationId"),
        AllocationType = StringOr(a, "allocationType", string.Empty),
        OrderId = Long(a, "orderId"),
        OrderListId = LongOrNull(a, "orderListId"),
        Price = NonNegative(a, "price"),
        Quantity = NonNegative(a, "qty"),
        QuoteQuantity = NonNegative(a, "quoteQty"),
        Commission = NonNegative(a, "commission"),
        CommissionAsset = String(a, "commissionAsset"),
        Time = Time(a, "time"),
        IsBuyer = Bool(a, "isBuyer"),
        IsMaker = Bool(a, "isMaker"),
        IsAllocator = Bool(a, "isAllocator"),
    });
}
