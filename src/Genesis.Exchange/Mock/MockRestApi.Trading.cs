using System.Text.Json;
using Genesis.Exchange.Abstractions;
using static Genesis.Exchange.Mock.MockRequestReader;

namespace Genesis.Exchange.Mock;

/// <summary>The handlers of the trading endpoints added in issue 12 part 2 (cancel all, cancel-replace, amend, SOR, allocations).</summary>
internal sealed partial class MockRestApi
{
    /// <summary>DELETE /api/v3/openOrders: cancels every open order of the symbol in the engine; one cancel id for them all.</summary>
    private void CancelOpenOrders(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var canceled = exchange.CancelOpenOrders(s);
        var cancelId = exchange.NextCancelId();
        w.WriteStartArray();
        foreach (var order in canceled)
        {
            WriteCancelReport(w, s, order, cancelId);
        }

        w.WriteEndArray();
    }

    /// <summary>A cancel report, as DELETE /api/v3/order, openOrders and cancelReplace write it.</summary>
    private static void WriteCancelReport(Utf8JsonWriter w, MockSymbol s, EngineOrder order, string cancelId)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteString("origClientOrderId", order.ClientOrderId);
        w.WriteNumber("orderId", order.Id);
        w.WriteNumber("orderListId", -1);
        w.WriteString("clientOrderId", cancelId);
        w.WriteNumber("transactTime", order.UpdateTime);
        OrderFields(w, order, conditionalStopFields: true);
        w.WriteString("selfTradePreventionMode", "NONE");
        w.WriteEndObject();
    }

    /// <summary>
    /// POST /api/v3/order/cancelReplace: the new order's filters first (a plain error changes nothing), then the cancel,
    /// then (unless STOP_ON_FAILURE stopped it) the new order, in the engine. Both succeeded: 200. One failed: 409 with
    /// -2021; the cancel failed and the new order was not attempted, or both failed: 400 with -2022; the <c>data</c> says
    /// which half did what. The mock never exceeds the unfilled order count, so <c>orderRateLimitExceededMode</c> is
    /// validated and has nothing to act on.
    /// </summary>
    private void CancelReplace(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (order, clientOrderId, respType) = ParseOrder(request);
        var mode = Required(request, "cancelReplaceMode");
        if (mode is not ("STOP_ON_FAILURE" or "ALLOW_FAILURE"))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'cancelReplaceMode'; legal range is 'STOP_ON_FAILURE, ALLOW_FAILURE'.");
        }

        var restrictions = request.GetParameter("cancelRestrictions") is { Length: > 0 } r ? r : null;
        if (restrictions is not (null or "ONLY_NEW" or "ONLY_PARTIALLY_FILLED"))
        {
            throw new MockApiException(-1145, "Invalid cancelRestrictions");
        }

        if (request.GetParameter("orderRateLimitExceededMode") is { Length: > 0 } rateMode && rateMode is not ("DO_NOTHING" or "CANCEL_ONLY"))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'orderRateLimitExceededMode'; legal range is 'DO_NOTHING, CANCEL_ONLY'.");
        }

        var cancelOrderId = Long(request, "cancelOrderId");
        var cancelOrigClientOrderId = request.GetParameter("cancelOrigClientOrderId") is { Length: > 0 } orig ? orig : null;
        if (cancelOrderId is null && cancelOrigClientOrderId is null)
        {
            throw new MockApiException(-1102, "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, but both were empty/null!");
        }

        var cancelId = request.GetParameter("cancelNewClientOrderId") is { Length: > 0 } id ? id : exchange.NextCancelId();
        var s = exchange.GetSymbol(order.Symbol);
        exchange.Validate(s, order);

        EngineOrder? canceled = null;
        MockApiException? cancelError = null;
        try
        {
            canceled = exchange.CancelOrder(s, cancelOrderId, cancelOrigClientOrderId, restrictions);
        }
        catch (MockApiException ex)
        {
            cancelError = ex;
        }

        EngineOrder? placed = null;
        EngineFill[] fills = [];
        MockApiException? placeError = null;
        var attempted = canceled is not null || mode == "ALLOW_FAILURE";
        if (attempted)
        {
            try
            {
                placed = exchange.PlaceOrder(order, clientOrderId ?? exchange.NextClientOrderId(), out fills);
            }
            catch (MockApiException ex)
            {
                placeError = ex;
            }
        }

        respType ??= order.Type is Models.OrderType.Market or Models.OrderType.Limit ? "FULL" : "ACK";
        if (canceled is not null && placed is not null)
        {
            WriteCancelReplaceData(w, s, canceled, cancelId, null, placed, fills, respType, null, attempted);
            return;
        }

        var partial = canceled is not null || placed is not null;
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var e = new Utf8JsonWriter(buffer))
        {
            e.WriteStartObject();
            e.WriteNumber("code", partial ? -2021 : -2022);
            e.WriteString("msg", partial ? "Order cancel-replace partially failed." : "Order cancel-replace failed.");
            e.WritePropertyName("data");
            WriteCancelReplaceData(e, s, canceled, cancelId, cancelError, placed, fills, respType, placeError, attempted);
            e.WriteEndObject();
        }

        throw new MockApiResponseException(partial ? 409 : 400, buffer.WrittenSpan.ToArray());
    }

    private void WriteCancelReplaceData(
        Utf8JsonWriter w, MockSymbol s, EngineOrder? canceled, string cancelId, MockApiException? cancelError, EngineOrder? placed, EngineFill[] fills, string respType, MockApiException? placeError, bool attempted)
    {
        w.WriteStartObject();
        w.WriteString("cancelResult", canceled is not null ? "SUCCESS" : "FAILURE");
        w.WriteString("newOrderResult", placed is not null ? "SUCCESS" : attempted ? "FAILURE" : "NOT_ATTEMPTED");
        w.WritePropertyName("cancelResponse");
        if (canceled is not null)
        {
            WriteCancelReport(w, s, canceled, cancelId);
        }
        else
        {
            WriteError(w, cancelError!);
        }

        w.WritePropertyName("newOrderResponse");
        if (placed is not null)
        {
            WriteNewOrderResponse(w, s, placed, fills, respType, sor: false);
        }
        else if (placeError is not null)
        {
            WriteError(w, placeError);
        }
        else
        {
            w.WriteNullValue();
        }

        w.WriteEndObject();
    }

    private static void WriteError(Utf8JsonWriter w, MockApiException error)
    {
        w.WriteStartObject();
        w.WriteNumber("code", error.Code);
        w.WriteString("msg", error.Message);
        w.WriteEndObject();
    }

    /// <summary>A new order's answer (ACK, RESULT or FULL) as POST /api/v3/order writes it; with <paramref name="sor"/>, the SOR fields and allocation fills.</summary>
    private void WriteNewOrderResponse(Utf8JsonWriter w, MockSymbol s, EngineOrder placed, EngineFill[] fills, string respType, bool sor, long firstAllocationId = 0)
    {
        w.WriteStartObject();
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteNumber("orderId", placed.Id);
        w.WriteNumber("orderListId", -1);
        w.WriteString("clientOrderId", placed.ClientOrderId);
        w.WriteNumber("transactTime", placed.Time);
        if (respType != "ACK")
        {
            OrderFields(w, placed, conditionalStopFields: true);
            w.WriteNumber("workingTime", placed.WorkingTime);
            if (sor)
            {
                w.WriteString("workingFloor", "SOR");
            }

            w.WriteString("selfTradePreventionMode", "NONE");
            if (sor)
            {
                w.WriteBoolean("usedSor", true);
            }
        }

        if (respType == "FULL")
        {
            var ledger = exchange.Engine.Ledger;
            w.WriteStartArray("fills");
            for (var i = 0; i < fills.Length; i++)
            {
                var f = fills[i];
                w.WriteStartObject();
                if (sor)
                {
                    w.WriteString("matchType", "ONE_PARTY_TRADE_REPORT");
                }

                Num(w, "price", f.Price);
                Num(w, "qty", f.Quantity);
                Num(w, "commission", f.Commission);
                w.WriteString("commissionAsset", ledger.Assets[f.CommissionAsset]);
                w.WriteNumber("tradeId", sor ? -1 : f.TradeId);
                if (sor)
                {
                    w.WriteNumber("allocId", firstAllocationId + i);
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    /// <summary>PUT /api/v3/order/amend/keepPriority: reduces the order's quantity in the engine, keeping its place in the queue.</summary>
    private void AmendOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (s, orderId, clientOrderId) = OrderRef(request);
        var newQuantity = Decimal(request, "newQty") ?? throw MockApiException.Mandatory("newQty");
        if (newQuantity <= 0m)
        {
            throw new MockApiException(-1013, "Filter failure: LOT_SIZE");
        }

        var newClientOrderId = request.GetParameter("newClientOrderId") is { Length: > 0 } id ? id : null;
        if (newClientOrderId is not null && !ClientOrderIdPattern().IsMatch(newClientOrderId))
        {
            throw new MockApiException(-1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");
        }

        var (order, amendment) = exchange.AmendOrder(s, orderId, clientOrderId, newClientOrderId, newQuantity);
        w.WriteStartObject();
        w.WriteNumber("transactTime", amendment.Time);
        w.WriteNumber("executionId", amendment.ExecutionId);
        w.WriteStartObject("amendedOrder");
        w.WriteString("symbol", s.Rules.Symbol);
        w.WriteNumber("orderId", order.Id);
        w.WriteNumber("orderListId", -1);
        w.WriteString("origClientOrderId", amendment.OrigClientOrderId);
        w.WriteString("clientOrderId", order.ClientOrderId);
        Num(w, "price", order.Price);
        Num(w, "qty", order.Quantity);
        Num(w, "executedQty", order.Executed);
        Num(w, "preventedQty", 0m);
        Num(w, "quoteOrderQty", order.QuoteQuantity);
        Num(w, "cumulativeQuoteQty", order.CumulativeQuote);
        w.WriteString("status", MockWire.ToWire(order.Status));
        w.WriteString("timeInForce", MockWire.ToWire(order.TimeInForce));
        w.WriteString("type", MockWire.ToWire(order.Type));
        w.WriteString("side", MockWire.ToWire(order.Side));
        if (order.WorkingTime >= 0)
        {
            w.WriteNumber("workingTime", order.WorkingTime);
        }

        w.WriteString("selfTradePreventionMode", "NONE");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>GET /api/v3/order/amendments: the order's amendments from <c>fromExecutionId</c>, oldest first.</summary>
    private void OrderAmendments(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var orderId = Long(request, "orderId") ?? throw MockApiException.Mandatory("orderId");
        var order = exchange.FindOrder(s, orderId, null, -2013);
        var from = Long(request, "fromExecutionId");
        var limit = Limit(request, 500, 1000);
        w.WriteStartArray();
        var written = 0;
        foreach (var a in exchange.GetAmendments(order.Id))
        {
            if ((from is { } f && a.ExecutionId < f) || written >= limit)
            {
                continue;
            }

            w.WriteStartObject();
            w.WriteString("symbol", s.Rules.Symbol);
            w.WriteNumber("orderId", a.OrderId);
            w.WriteNumber("executionId", a.ExecutionId);
            w.WriteString("origClientOrderId", a.OrigClientOrderId);
            w.WriteString("newClientOrderId", a.NewClientOrderId);
            Num(w, "origQty", a.OriginalQuantity);
            Num(w, "newQty", a.NewQuantity);
            w.WriteNumber("time", a.Time);
            w.WriteEndObject();
            written++;
        }

        w.WriteEndArray();
    }

    /// <summary>
    /// POST /api/v3/sor/order: a LIMIT or MARKET order by base quantity, routed to the one venue the mock has (its own
    /// book): filled in the engine like any order, answered with <c>workingFloor</c> SOR, <c>usedSor</c> and one
    /// allocation per fill (<c>tradeId</c> -1, <c>allocId</c>).
    /// </summary>
    private void SorOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        var (order, clientOrderId, respType) = ParseSorOrder(request);
        var s = exchange.GetSymbol(order.Symbol);
        var placed = exchange.PlaceOrder(order, clientOrderId ?? exchange.NextClientOrderId(), out var fills);
        var firstAllocation = exchange.AddAllocations(s, placed, fills);
        WriteNewOrderResponse(w, s, placed, fills, respType ?? "FULL", sor: true, firstAllocation);
    }

    /// <summary>POST /api/v3/sor/order/test: the SOR checks, then the test order's (filters, duplicate id, commission rates).</summary>
    private void SorTestOrder(ExchangeRequest request, Utf8JsonWriter w)
    {
        ParseSorOrder(request);
        TestOrder(request, w, sor: true);
    }

    private (Models.OrderRequest Order, string? ClientOrderId, string? RespType) ParseSorOrder(ExchangeRequest request)
    {
        if (request.GetParameter("quoteOrderQty") is { Length: > 0 })
        {
            throw NotRequired("quoteOrderQty");
        }

        var parsed = ParseOrder(request);
        if (parsed.Order.Type is not (Models.OrderType.Limit or Models.OrderType.Market))
        {
            throw new MockApiException(-1014, "Unsupported order combination.");
        }

        return parsed;
    }

    /// <summary>GET /api/v3/myAllocations: the account's SOR allocations on a symbol, by the documented parameter combinations.</summary>
    private void Allocations(ExchangeRequest request, Utf8JsonWriter w)
    {
        var s = exchange.GetSymbol(Required(request, "symbol"));
        var start = Long(request, "startTime");
        var end = Long(request, "endTime");
        var fromId = Long(request, "fromAllocationId");
        var orderId = Long(request, "orderId");
        var limit = Limit(request, 500, 1000);
        if (start is { } st && end is { } en && en - st > 86_400_000)
        {
            throw new MockApiException(-1127, "More than 24 hours between startTime and endTime.");
        }

        var selected = new List<MockAllocation>();
        foreach (var a in exchange.GetAllocations(s))
        {
            if ((start is { } from && a.Time < from) || (end is { } to && a.Time > to) || (fromId is { } id && a.Id < id) || (orderId is { } oid && a.OrderId != oid))
            {
                continue;
            }

            selected.Add(a);
        }

        // Only an end time: the newest allocations until then; otherwise the oldest that match.
        var skip = end is not null && start is null && fromId is null ? Math.Max(0, selected.Count - limit) : 0;
        var ledger = exchange.Engine.Ledger;
        w.WriteStartArray();
        for (var i = skip; i < selected.Count && i - skip < limit; i++)
        {
            var a = selected[i];
            w.WriteStartObject();
            w.WriteString("symbol", s.Rules.Symbol);
            w.WriteNumber("allocationId", a.Id);
            w.WriteString("allocationType", "SOR");
            w.WriteNumber("orderId", a.OrderId);
            w.WriteNumber("orderListId", -1);
            Num(w, "price", a.Price);
            Num(w, "qty", a.Quantity);
            Num(w, "quoteQty", a.QuoteQuantity);
            Num(w, "commission", a.Commission);
            w.WriteString("commissionAsset", ledger.Assets[a.CommissionAsset]);
            w.WriteNumber("time", a.Time);
            w.WriteBoolean("isBuyer", a.IsBuyer);
            w.WriteBoolean("isMaker", false);
            w.WriteBoolean("isAllocator", false);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
