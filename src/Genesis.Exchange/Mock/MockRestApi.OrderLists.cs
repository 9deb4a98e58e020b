using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Models;
using static Genesis.Exchange.Mock.MockRequestReader;

namespace Genesis.Exchange.Mock;

/// <summary>The order-list endpoints (OCO, OTO, OTOCO, OPO and OPOCO placement, query, cancel, open and all lists), from the engine's own lists.</summary>
internal sealed partial class MockRestApi
{
    private const long MaxOrderListRangeMs = 24 * 3_600_000L;

    /// <summary>POST /api/v3/orderList/oco: checks the legs as Binance documents, then places both as one list.</summary>
    private void PlaceOcoOrderList(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        if (s.Rules.OcoAllowed == false)
        {
            throw new MockApiException(-2010, "OCO orders are not supported for this symbol");
        }

        var side = BinanceEnums.ParseSide(Required(request, "side"));
        if (side == OrderSide.Unknown)
        {
            throw new MockApiException(-1117, "Invalid side.");
        }

        var quantity = Decimal(request, "quantity") ?? throw MockApiException.Mandatory("quantity");
        var (above, aboveStrategy) = ListLeg(request, "above", s, side, quantity);
        var (below, belowStrategy) = ListLeg(request, "below", s, side, quantity);
        CheckOcoTypes(above.Type, below.Type);
        CheckOcoPrices(s, side, above);
        CheckOcoPrices(s, side, below);
        var listClientOrderId = ClientId(request, "listClientOrderId");
        var respType = ResponseType(request);
        CheckSelfTradePreventionMode(request);
        var list = exchange.PlaceOco(s, below, above, listClientOrderId ?? exchange.NextListClientOrderId(), [belowStrategy, aboveStrategy]);
        WriteOrderList(w, s, list, respType ?? "RESULT", cancelClientOrderId: null);
    }

    /// <summary>POST /api/v3/orderList/oto: a working LIMIT/LIMIT_MAKER order and one pending order.</summary>
    private void PlaceOtoOrderList(ExchangeRequest request, Utf8JsonWriter w) => PlaceOtoList(request, w, pair: false);

    /// <summary>POST /api/v3/orderList/otoco: a working LIMIT/LIMIT_MAKER order and a pending OCO pair.</summary>
    private void PlaceOtocoOrderList(ExchangeRequest request, Utf8JsonWriter w) => PlaceOtoList(request, w, pair: true);

    /// <summary>POST /api/v3/orderList/opo: an OTO whose pending order sells what the working BUY order receives.</summary>
    private void PlaceOpoOrderList(ExchangeRequest request, Utf8JsonWriter w) => PlaceOtoList(request, w, pair: false, paysOther: true);

    /// <summary>POST /api/v3/orderList/opoco: an OTOCO whose pending pair sells what the working BUY order receives.</summary>
    private void PlaceOpocoOrderList(ExchangeRequest request, Utf8JsonWriter w) => PlaceOtoList(request, w, pair: true, paysOther: true);

    private void PlaceOtoList(ExchangeRequest request, Utf8JsonWriter w, bool pair, bool paysOther = false)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        if (s.Rules.OtoAllowed == false || (paysOther && s.Rules.OpoAllowed == false))
        {
            throw new MockApiException(-2010, paysOther ? "OPO orders are not supported for this symbol" : "OTO orders are not supported for this symbol");
        }

        var workingSide = ListSide(request, "workingSide");
        var workingQuantity = Decimal(request, "workingQuantity") ?? throw MockApiException.Mandatory("workingQuantity");
        var (working, workingStrategy) = ListLeg(request, "working", s, workingSide, workingQuantity);
        if (working.Type is not (OrderType.Limit or OrderType.LimitMaker))
        {
            throw new MockApiException(-1014, "Unsupported order combination.");
        }

        var pendingSide = ListSide(request, "pendingSide");
        decimal pendingQuantity;
        if (paysOther)
        {
            // faqs/opo.md: only BUY working orders and SELL pending orders; the pending quantity is what the working order receives.
            if (workingSide != OrderSide.Buy)
            {
                throw new MockApiException(-1222, "Working order in an OPO list must be a bid.");
            }

            if (pendingSide != OrderSide.Sell)
            {
                throw new MockApiException(-1223, "Pending orders in an OPO list must be asks.");
            }

            if (request.GetParameter("pendingQuantity") is { Length: > 0 })
            {
                throw new MockApiException(-1225, "Pending orders should not include the 'pendingQuantity' tag.");
            }

            // The filters are checked with the most the working order can receive.
            pendingQuantity = workingQuantity;
        }
        else
        {
            pendingQuantity = Decimal(request, "pendingQuantity") ?? throw MockApiException.Mandatory("pendingQuantity");
        }

        OrderRequest[] pending;
        (long? Id, int? Type)[] strategies;
        if (!pair)
        {
            var (one, strategy) = ListLeg(request, "pending", s, pendingSide, pendingQuantity);
            pending = [one];
            strategies = [workingStrategy, strategy];
        }
        else
        {
            var (above, aboveStrategy) = ListLeg(request, "pendingAbove", s, pendingSide, pendingQuantity);
            var (below, belowStrategy) = ListLeg(request, "pendingBelow", s, pendingSide, pendingQuantity);
            CheckOcoTypes(above.Type, below.Type);

            // Binance reports the stop-loss order of the pair first.
            var belowFirst = IsStopLoss(below.Type);
            pending = belowFirst ? [below, above] : [above, below];
            strategies = belowFirst ? [workingStrategy, belowStrategy, aboveStrategy] : [workingStrategy, aboveStrategy, belowStrategy];
        }

        var listClientOrderId = ClientId(request, "listClientOrderId");
        var respType = ResponseType(request);
        CheckSelfTradePreventionMode(request);
        var list = exchange.PlaceOto(s, working, pending, listClientOrderId ?? exchange.NextListClientOrderId(), strategies, paysOther);
        WriteOrderList(w, s, list, respType ?? "RESULT", cancelClientOrderId: null, pendingAtPlacement: true);
    }

    private static OrderSide ListSide(ExchangeRequest request, string name)
    {
        var side = BinanceEnums.ParseSide(Required(request, name));
        return side == OrderSide.Unknown ? throw new MockApiException(-1117, "Invalid side.") : side;
    }

    /// <summary>The order types an OCO pair accepts: above STOP_LOSS(_LIMIT)/LIMIT_MAKER/TAKE_PROFIT(_LIMIT), below the same but LIMIT_MAKER; one of them a stop loss.</summary>
    private static void CheckOcoTypes(OrderType above, OrderType below)
    {
        if (above is OrderType.Unknown or OrderType.Limit or OrderType.Market || below is OrderType.Unknown or OrderType.Limit or OrderType.Market or OrderType.LimitMaker)
        {
            throw new MockApiException(-1158, "Order type not supported in OCO.");
        }

        if (IsStopLoss(above) == IsStopLoss(below))
        {
            // One order is LIMIT_MAKER/TAKE_PROFIT/TAKE_PROFIT_LIMIT, the other STOP_LOSS/STOP_LOSS_LIMIT.
            throw new MockApiException(-1168, "At least one OCO order must be contingent.");
        }
    }

    private static void CheckSelfTradePreventionMode(ExchangeRequest request)
    {
        if (request.GetParameter("selfTradePreventionMode") is { Length: > 0 } stp && stp != "NONE")
        {
            // The mock's symbols allow only NONE (exchangeInfo allowedSelfTradePreventionModes).
            throw new MockApiException(-1130, "Data sent for parameter 'selfTradePreventionMode' is not valid.");
        }
    }

    private static bool IsStopLoss(OrderType type) => type is OrderType.StopLoss or OrderType.StopLossLimit;

    /// <summary>The documented price restrictions against the last traded price, with Binance's codes per order type.</summary>
    private static void CheckOcoPrices(MockSymbol s, OrderSide side, OrderRequest leg)
    {
        var last = s.Book.LastPrice;
        if (last <= 0)
        {
            return;
        }

        var price = leg.Type is OrderType.LimitMaker ? leg.Price!.Value : leg.StopPrice!.Value;
        var isBuy = side == OrderSide.Buy;
        var (mustBeAbove, code, message) = leg.Type switch
        {
            OrderType.LimitMaker => (!isBuy, isBuy ? -1165 : -1166, isBuy ? "A limit order in a buy OCO must be below." : "A limit order in a sell OCO must be above."),
            OrderType.TakeProfit or OrderType.TakeProfitLimit => (!isBuy, isBuy ? -1198 : -1199, isBuy ? "A take profit order in a buy OCO must be below." : "A take profit order in a sell OCO must be above."),
            _ => (isBuy, isBuy ? -1196 : -1197, isBuy ? "A stop loss order in a buy OCO must be above." : "A stop loss order in a sell OCO must be below."),
        };
        if (mustBeAbove ? price <= last : price >= last)
        {
            throw new MockApiException(code, message);
        }
    }

    /// <summary>Reads one leg of a list under <paramref name="prefix"/>, with Binance's errors for missing or bad parameters.</summary>
    private (OrderRequest Leg, (long? Id, int? Type) Strategy) ListLeg(ExchangeRequest request, string prefix, MockSymbol s, OrderSide side, decimal quantity)
    {
        var type = BinanceEnums.ParseOrderType(Required(request, prefix + "Type"));
        if (type == OrderType.Unknown)
        {
            throw new MockApiException(-1116, "Invalid orderType.");
        }

        TimeInForce? tif = null;
        if (request.GetParameter(prefix + "TimeInForce") is { Length: > 0 } tifText)
        {
            tif = BinanceEnums.ParseTimeInForce(tifText);
            if (tif == TimeInForce.Unknown)
            {
                throw new MockApiException(-1115, "Invalid timeInForce.");
            }
        }

        var price = Decimal(request, prefix + "Price");
        var stopPrice = Decimal(request, prefix + "StopPrice");
        var iceberg = Decimal(request, prefix + "IcebergQty");
        var needsTif = type is OrderType.Limit or OrderType.StopLossLimit or OrderType.TakeProfitLimit;
        var needsPrice = needsTif || type == OrderType.LimitMaker;
        var needsStop = type is OrderType.StopLoss or OrderType.StopLossLimit or OrderType.TakeProfit or OrderType.TakeProfitLimit;
        if (Long(request, prefix + "TrailingDelta") is not null)
        {
            // The mock's engine does not trail stops, and its exchangeInfo says so (allowTrailingStop false).
            throw new MockApiException(-2010, "Trailing stop orders are not supported for this symbol.");
        }

        if (request.GetParameter(prefix + "PegPriceType") is { Length: > 0 } || request.GetParameter(prefix + "PegOffsetType") is { Length: > 0 } || Long(request, prefix + "PegOffsetValue") is not null)
        {
            // The mock's engine does not peg prices.
            throw new MockApiException(-1014, "Unsupported order combination.");
        }

        if (price is not null && !needsPrice)
        {
            throw NotRequired(prefix + "Price");
        }

        if (stopPrice is not null && !needsStop)
        {
            throw NotRequired(prefix + "StopPrice");
        }

        if (needsPrice && price is null)
        {
            throw MockApiException.Mandatory(prefix + "Price");
        }

        if (needsStop && stopPrice is null)
        {
            throw MockApiException.Mandatory(prefix + "StopPrice");
        }

        if (needsTif && tif is null)
        {
            throw MockApiException.Mandatory(prefix + "TimeInForce");
        }

        if (iceberg is not null && (tif ?? TimeInForce.Gtc) != TimeInForce.Gtc)
        {
            throw new MockApiException(-1160, $"Parameter '{prefix}IcebergQty' is not supported if '{prefix}TimeInForce' is not GTC.");
        }

        var strategyType = Long(request, prefix + "StrategyType");
        if (strategyType is < 1_000_000 or > int.MaxValue)
        {
            throw new MockApiException(-1130, $"Data sent for parameter '{prefix}StrategyType' is not valid.");
        }

        var leg = new OrderRequest(s.Rules.Symbol, side, type)
        {
            Quantity = quantity,
            Price = price,
            StopPrice = stopPrice,
            IcebergQuantity = iceberg,
            TimeInForce = needsTif ? tif : null,
            ClientOrderId = ClientId(request, prefix + "ClientOrderId") ?? exchange.NextClientOrderId(),
        };
        return (leg, (Long(request, prefix + "StrategyId"), (int?)strategyType));
    }

    /// <summary>A client id parameter, or null; -1100 when it does not match Binance's pattern.</summary>
    private static string? ClientId(ExchangeRequest request, string name)
    {
        var id = request.GetParameter(name);
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        return ClientOrderIdPattern().IsMatch(id)
            ? id
            : throw new MockApiException(-1100, $"Illegal characters found in parameter '{name}'; legal range is '^[a-zA-Z0-9-_]{{1,36}}$'.");
    }

    private static string? ResponseType(ExchangeRequest request)
    {
        var respType = request.GetParameter("newOrderRespType");
        if (respType is { Length: > 0 } and not ("ACK" or "RESULT" or "FULL"))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'newOrderRespType'; legal range is 'ACK, RESULT, FULL'.");
        }

        return respType is { Length: > 0 } ? respType : null;
    }

    /// <summary>GET /api/v3/orderList: by orderListId or origClientOrderId (the list client id); -2013 when unknown.</summary>
    private void QueryOrderList(ExchangeRequest request, Utf8JsonWriter w)
    {
        var id = Long(request, "orderListId");
        var clientId = request.GetParameter("origClientOrderId");
        if (id is null && string.IsNullOrEmpty(clientId))
        {
            throw new MockApiException(-1102, "Param 'origClientOrderId' or 'orderListId' must be sent, but both were empty/null!");
        }

        var list = exchange.FindOrderList(id, string.IsNullOrEmpty(clientId) ? null : clientId, null)
            ?? throw new MockApiException(-2013, "Order list does not exist.");
        WriteOrderList(w, exchange.GetSymbol(list.Book.Symbol), list, reportType: null, cancelClientOrderId: null);
    }

    /// <summary>DELETE /api/v3/orderList: cancels every open order of the list; -2011 when unknown or already done.</summary>
    private void CancelOrderList(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var id = Long(request, "orderListId");
        var clientId = request.GetParameter("listClientOrderId");
        if (id is null && string.IsNullOrEmpty(clientId))
        {
            throw new MockApiException(-1102, "Param 'listClientOrderId' or 'orderListId' must be sent, but both were empty/null!");
        }

        var cancelId = ClientId(request, "newClientOrderId") ?? exchange.NextCancelId();
        var list = exchange.CancelOrderList(s, id, string.IsNullOrEmpty(clientId) ? null : clientId);
        WriteOrderList(w, s, list, "RESULT", cancelId);
    }

    /// <summary>GET /api/v3/openOrderList: every list still executing, oldest first.</summary>
    private void OpenOrderLists(ExchangeRequest request, Utf8JsonWriter w)
    {
        w.WriteStartArray();
        foreach (var list in exchange.OrderLists)
        {
            if (!list.IsDone)
            {
                WriteOrderList(w, exchange.GetSymbol(list.Book.Symbol), list, reportType: null, cancelClientOrderId: null);
            }
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// GET /api/v3/allOrderList: lists from <c>fromId</c>, or within [startTime, endTime] (at most 24 h apart), or the most
    /// recent ones; at most <c>limit</c> (default 500, max 1000), newest first as in the docs' example.
    /// </summary>
    private void AllOrderLists(ExchangeRequest request, Utf8JsonWriter w)
    {
        var fromId = Long(request, "fromId");
        var start = Long(request, "startTime");
        var end = Long(request, "endTime");
        if (fromId is not null && (start is not null || end is not null))
        {
            throw new MockApiException(-1128, "Combination of optional parameters invalid.");
        }

        if (start is { } st && end is { } en && en - st > MaxOrderListRangeMs)
        {
            throw new MockApiException(-1127, "More than 24 hours between startTime and endTime.");
        }

        var limit = Limit(request, 500, 1000);
        var selected = new List<EngineOrderList>();
        foreach (var list in exchange.OrderLists)
        {
            if ((fromId is { } f && list.Id < f) || (start is { } s0 && list.Time < s0) || (end is { } e0 && list.Time > e0))
            {
                continue;
            }

            selected.Add(list);
        }

        var first = fromId is null && start is null ? Math.Max(0, selected.Count - limit) : 0;
        var last = Math.Min(selected.Count, first + limit) - 1;
        w.WriteStartArray();
        for (var i = last; i >= first; i--)
        {
            WriteOrderList(w, exchange.GetSymbol(selected[i].Book.Symbol), selected[i], reportType: null, cancelClientOrderId: null);
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// An order list as Binance writes it; with <paramref name="reportType"/> the <c>orderReports</c> too (ACK, RESULT or
    /// FULL), written as cancel reports when <paramref name="cancelClientOrderId"/> is set.
    /// </summary>
    private void WriteOrderList(Utf8JsonWriter w, MockSymbol s, EngineOrderList list, string? reportType, string? cancelClientOrderId, bool pendingAtPlacement = false)
    {
        var done = list.IsDone;
        w.WriteStartObject();
        w.WriteNumber("orderListId", list.Id);
        w.WriteString("contingencyType", BinanceResponseParser.ContingencyTypeNames.Names[(int)list.ContingencyType - 1]);
        w.WriteString("listStatusType", done ? "ALL_DONE" : "EXEC_STARTED");
        w.WriteString("listOrderStatus", done ? "ALL_DONE" : "EXECUTING");
        w.WriteString("listClientOrderId", list.ListClientOrderId);
        w.WriteNumber("transactionTime", cancelClientOrderId is null ? list.Time : list.UpdateTime);
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteStartArray("orders");
        foreach (var o in list.Orders)
        {
            w.WriteStartObject();
            w.WriteString("symbol", s.Rules.Symbol);
            w.WriteNumber("orderId", o.Id);
            w.WriteString("clientOrderId", o.ClientOrderId);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        if (reportType is not null)
        {
            w.WriteStartArray("orderReports");
            foreach (var o in list.Orders)
            {
                // rest-api.md (OTO): the placement response shows the pending orders as PENDING_NEW even when the working
                // order filled at once and they were placed; a query tells their state.
                var report = pendingAtPlacement && o.Id != list.WorkingOrderId ? AsPending(o) : o;
                WriteListReport(w, s, list, report, reportType, cancelClientOrderId);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private void WritePendingOpoFields(Utf8JsonWriter w, EngineOrder o)
    {
        Num(w, "price", o.Price);
        Num(w, "executedQty", 0m);
        Num(w, "origQuoteOrderQty", 0m);
        Num(w, "cummulativeQuoteQty", 0m);
        w.WriteString("status", MockWire.ToWire(o.Status));
        w.WriteString("timeInForce", MockWire.ToWire(o.TimeInForce));
        w.WriteString("type", MockWire.ToWire(o.Type));
        w.WriteString("side", MockWire.ToWire(o.Side));
        if (o.StopPrice > 0)
        {
            Num(w, "stopPrice", o.StopPrice);
        }

        w.WriteNumber("workingTime", -1);
        var (strategyId, strategyType) = exchange.StrategyOf(o.Id);
        if (strategyId is { } sid)
        {
            w.WriteNumber("strategyId", sid);
        }

        if (strategyType is { } stype)
        {
            w.WriteNumber("strategyType", stype);
        }

        w.WriteString("selfTradePreventionMode", "NONE");
    }

    private static EngineOrder AsPending(EngineOrder o) => new()
    {
        Id = o.Id,
        ClientOrderId = o.ClientOrderId,
        Owner = o.Owner,
        Book = o.Book,
        Side = o.Side,
        Type = o.Type,
        TimeInForce = o.TimeInForce,
        Price = o.Price,
        StopPrice = o.StopPrice,
        Quantity = o.List is { PaysOther: true } ? 0m : o.Quantity,
        IcebergQuantity = o.IcebergQuantity,
        Status = OrderStatus.PendingNew,
        Time = o.Time,
        UpdateTime = o.Time,
        WorkingTime = -1,
        List = o.List,
    };

    private void WriteListReport(Utf8JsonWriter w, MockSymbol s, EngineOrderList list, EngineOrder o, string reportType, string? cancelClientOrderId)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        if (cancelClientOrderId is not null)
        {
            w.WriteString("origClientOrderId", o.ClientOrderId);
        }

        w.WriteNumber("orderId", o.Id);
        w.WriteNumber("orderListId", list.Id);
        w.WriteString("clientOrderId", cancelClientOrderId ?? o.ClientOrderId);
        w.WriteNumber("transactTime", cancelClientOrderId is null ? list.Time : o.UpdateTime);
        if (reportType != "ACK" && list.PaysOther && o.Status == OrderStatus.PendingNew)
        {
            // An OPO's pending order has no quantity until its working order fills (the docs' example has no origQty).
            WritePendingOpoFields(w, o);
        }
        else if (reportType != "ACK")
        {
            OrderFields(w, o, conditionalStopFields: true);
            if (cancelClientOrderId is null)
            {
                w.WriteNumber("workingTime", o.WorkingTime);
            }

            var (strategyId, strategyType) = exchange.StrategyOf(o.Id);
            if (strategyId is { } sid)
            {
                w.WriteNumber("strategyId", sid);
            }

            if (strategyType is { } stype)
            {
                w.WriteNumber("strategyType", stype);
            }

            w.WriteString("selfTradePreventionMode", "NONE");
        }

        if (reportType == "FULL")
        {
            // Only an OTO's working order can trade at placement; its fills are in the query of the order (GET /api/v3/myTrades).
            w.WriteStartArray("fills");
            w.WriteEndArray();
        }

        w.WriteEndObject();
    }
}
