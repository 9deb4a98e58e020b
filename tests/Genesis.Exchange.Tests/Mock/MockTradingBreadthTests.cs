using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>The mock's behaviour for the trading endpoints added in issue 12 part 2, on its matching engine and ledger.</summary>
public sealed class MockTradingBreadthTests
{
    private readonly MockTestHarness _h = new(o =>
    {
        o.InitialBalances["USDT"] = 100_000m;
        o.InitialBalances["BTC"] = 10m;
    });

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    private decimal BestBid => Dec(_h.Json("ticker.book", ("symbol", "BTCUSDT")), "bidPrice");

    private decimal BestAsk => Dec(_h.Json("ticker.book", ("symbol", "BTCUSDT")), "askPrice");

    private JsonElement PlaceLimit(string side, decimal price, decimal quantity, string clientOrderId, string symbol = "BTCUSDT") =>
        _h.Json("order.place",
            ("symbol", symbol), ("side", side), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", quantity.ToString(CultureInfo.InvariantCulture)), ("price", price.ToString(CultureInfo.InvariantCulture)),
            ("newClientOrderId", clientOrderId), ("newOrderRespType", "RESULT"));

    // ---- DELETE /api/v3/openOrders

    [Fact]
    public void CancelOpenOrders_CancelsEveryOpenOrderOfTheSymbol_AndReleasesTheLockedFunds()
    {
        var buyPrice = BestBid - 100m;
        var sellPrice = BestAsk + 100m;
        PlaceLimit("BUY", buyPrice, 0.5m, "buy-1");
        PlaceLimit("SELL", sellPrice, 0.25m, "sell-1");
        Assert.Equal(buyPrice * 0.5m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0.25m, _h.Exchange.GetBalance("BTC").Locked);

        var canceled = _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal(["buy-1", "sell-1"], canceled.EnumerateArray().Select(o => o.GetProperty("origClientOrderId").GetString()));
        Assert.All(canceled.EnumerateArray(), o =>
        {
            Assert.Equal("CANCELED", o.GetProperty("status").GetString());
            Assert.Equal("BTCUSDT", o.GetProperty("symbol").GetString());
            Assert.Equal(-1, o.GetProperty("orderListId").GetInt64());
        });
        Assert.Single(canceled.EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()).Distinct());
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(100_000m, _h.Exchange.GetBalance("USDT").Free);
        Assert.Equal(0m, _h.Exchange.GetBalance("BTC").Locked);
        Assert.Equal(10m, _h.Exchange.GetBalance("BTC").Free);
        Assert.Equal(0, _h.Json("openOrders", ("symbol", "BTCUSDT")).GetArrayLength());
        Assert.Equal("CANCELED", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "buy-1")).GetProperty("status").GetString());
    }

    [Fact]
    public void CancelOpenOrders_LeavesOtherSymbolsAndFinishedOrdersAlone()
    {
        var ethBid = Dec(_h.Json("ticker.book", ("symbol", "ETHUSDT")), "bidPrice");
        PlaceLimit("BUY", ethBid - 10m, 0.1m, "other-1", "ETHUSDT");
        PlaceLimit("SELL", BestBid, 0.01m, "filled-1");
        PlaceLimit("BUY", BestBid - 50m, 0.1m, "mine-1");

        var canceled = _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal("mine-1", Assert.Single(canceled.EnumerateArray()).GetProperty("origClientOrderId").GetString());
        Assert.Equal("NEW", _h.Json("order.status", ("symbol", "ETHUSDT"), ("origClientOrderId", "other-1")).GetProperty("status").GetString());
        Assert.Equal("FILLED", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "filled-1")).GetProperty("status").GetString());
    }

    [Fact]
    public void CancelOpenOrders_NothingOpen_ReturnsMinus2011_SoARetryAfterSuccessIsHarmless()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.1m, "buy-1");
        _h.Json("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        var error = _h.Error("openOrders.cancelAll", ("symbol", "BTCUSDT"));

        Assert.Equal((400, -2011, "Unknown order sent."), error);
    }

    [Fact]
    public void CancelOpenOrders_WithoutSymbol_ReturnsMinus1102()
    {
        var error = _h.Error("openOrders.cancelAll");

        Assert.Equal(-1102, error.Code);
    }

    // ---- POST /api/v3/order/cancelReplace

    private ExchangeResponse Replace(string mode, string newPrice, string newClientOrderId, params (string Key, string Value)[] extra) =>
        _h.Send("order.cancelReplace",
        [
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("cancelReplaceMode", mode), ("timeInForce", "GTC"),
            ("quantity", "0.2"), ("price", newPrice), ("newClientOrderId", newClientOrderId), .. extra,
        ]);

    private static JsonElement Body(ExchangeResponse response) => JsonDocument.Parse(response.Body).RootElement.Clone();

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void CancelReplace_BothSucceed_CancelsTheOldOrderAndRestsTheNewOne_WithOnlyTheNewOrdersFundsLocked()
    {
        var oldPrice = BestBid - 100m;
        var newPrice = BestBid - 200m;
        PlaceLimit("BUY", oldPrice, 0.5m, "old-1");

        var response = Replace("STOP_ON_FAILURE", Text(newPrice), "new-1", ("cancelOrigClientOrderId", "old-1"), ("cancelNewClientOrderId", "cxl-1"));

        Assert.Equal(200, response.StatusCode);
        var body = Body(response);
        Assert.Equal("SUCCESS", body.GetProperty("cancelResult").GetString());
        Assert.Equal("SUCCESS", body.GetProperty("newOrderResult").GetString());
        Assert.Equal("old-1", body.GetProperty("cancelResponse").GetProperty("origClientOrderId").GetString());
        Assert.Equal("cxl-1", body.GetProperty("cancelResponse").GetProperty("clientOrderId").GetString());
        Assert.Equal("CANCELED", body.GetProperty("cancelResponse").GetProperty("status").GetString());
        Assert.Equal("new-1", body.GetProperty("newOrderResponse").GetProperty("clientOrderId").GetString());
        Assert.Equal("NEW", body.GetProperty("newOrderResponse").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Array, body.GetProperty("newOrderResponse").GetProperty("fills").ValueKind);
        Assert.Equal(newPrice * 0.2m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(["new-1"], _h.Json("openOrders", ("symbol", "BTCUSDT")).EnumerateArray().Select(o => o.GetProperty("clientOrderId").GetString()));
    }

    [Fact]
    public void CancelReplace_StopOnFailure_CancelFails_Returns400Minus2022_AndPlacesNothing()
    {
        var response = Replace("STOP_ON_FAILURE", Text(BestBid - 200m), "new-1", ("cancelOrderId", "987654"));

        Assert.Equal(400, response.StatusCode);
        var body = Body(response);
        Assert.Equal(-2022, body.GetProperty("code").GetInt32());
        Assert.Equal("Order cancel-replace failed.", body.GetProperty("msg").GetString());
        var data = body.GetProperty("data");
        Assert.Equal("FAILURE", data.GetProperty("cancelResult").GetString());
        Assert.Equal("NOT_ATTEMPTED", data.GetProperty("newOrderResult").GetString());
        Assert.Equal(-2011, data.GetProperty("cancelResponse").GetProperty("code").GetInt32());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("newOrderResponse").ValueKind);
        Assert.Equal(0, _h.Exchange.GetOrdersCreated("new-1"));
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
    }

    [Fact]
    public void CancelReplace_AllowFailure_CancelFails_Returns409Minus2021_AndPlacesTheNewOrder()
    {
        var response = Replace("ALLOW_FAILURE", Text(BestBid - 200m), "new-1", ("cancelOrderId", "987654"));

        Assert.Equal(409, response.StatusCode);
        var body = Body(response);
        Assert.Equal(-2021, body.GetProperty("code").GetInt32());
        Assert.Equal("Order cancel-replace partially failed.", body.GetProperty("msg").GetString());
        Assert.Equal("FAILURE", body.GetProperty("data").GetProperty("cancelResult").GetString());
        Assert.Equal("SUCCESS", body.GetProperty("data").GetProperty("newOrderResult").GetString());
        Assert.Equal(1, _h.Exchange.GetOrdersCreated("new-1"));
    }

    [Fact]
    public void CancelReplace_CancelSucceeds_NewOrderRejected_Returns409Minus2021_OldOrderCanceledAndFundsReleased()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "old-1");

        var response = _h.Send("order.cancelReplace",
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT_MAKER"), ("cancelReplaceMode", "STOP_ON_FAILURE"), ("quantity", "0.2"),
            ("price", Text(BestAsk + 10m)), ("newClientOrderId", "new-1"), ("cancelOrigClientOrderId", "old-1"));

        Assert.Equal(409, response.StatusCode);
        var data = Body(response).GetProperty("data");
        Assert.Equal("SUCCESS", data.GetProperty("cancelResult").GetString());
        Assert.Equal("FAILURE", data.GetProperty("newOrderResult").GetString());
        Assert.Equal(-2010, data.GetProperty("newOrderResponse").GetProperty("code").GetInt32());
        Assert.Equal("Order would immediately match and take.", data.GetProperty("newOrderResponse").GetProperty("msg").GetString());
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0, _h.Json("openOrders", ("symbol", "BTCUSDT")).GetArrayLength());
    }

    [Theory]
    [InlineData("ONLY_PARTIALLY_FILLED", false)]
    [InlineData("ONLY_NEW", true)]
    public void CancelReplace_CancelRestrictions_AreAppliedToTheOldOrdersStatus(string restriction, bool succeeds)
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "old-1");

        var response = Replace("STOP_ON_FAILURE", Text(BestBid - 200m), "new-1", ("cancelOrigClientOrderId", "old-1"), ("cancelRestrictions", restriction));

        Assert.Equal(succeeds ? 200 : 400, response.StatusCode);
        if (!succeeds)
        {
            var cancel = Body(response).GetProperty("data").GetProperty("cancelResponse");
            Assert.Equal(-2011, cancel.GetProperty("code").GetInt32());
            Assert.Equal("Order was not canceled due to cancel restrictions.", cancel.GetProperty("msg").GetString());
            Assert.Equal("NEW", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "old-1")).GetProperty("status").GetString());
        }
    }

    [Fact]
    public void CancelReplace_NewOrderFailsAFilter_IsAPlainError_AndTheOldOrderStaysOpen()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "old-1");

        var error = _h.Error("order.cancelReplace",
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("cancelReplaceMode", "STOP_ON_FAILURE"), ("timeInForce", "GTC"),
            ("quantity", "0.00001"), ("price", Text(BestBid - 200m)), ("cancelOrigClientOrderId", "old-1"));

        Assert.Equal(-1013, error.Code);
        Assert.Equal("NEW", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "old-1")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("cancelRestrictions", "ONLY_OLD", -1145, "Invalid cancelRestrictions")]
    [InlineData("cancelReplaceMode", "", -1102, "Mandatory parameter 'cancelReplaceMode' was not sent, was empty/null, or malformed.")]
    [InlineData("cancelOrderId", "", -1102, "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, but both were empty/null!")]
    public void CancelReplace_BadParameters_AreRefusedWithBinancesCodes(string name, string value, int code, string message)
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "old-1");
        var parameters = new List<(string Key, string Value)>
        {
            ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("cancelReplaceMode", "STOP_ON_FAILURE"), ("timeInForce", "GTC"),
            ("quantity", "0.2"), ("price", Text(BestBid - 200m)), ("cancelOrderId", "1"),
        };
        parameters.RemoveAll(p => p.Key == name);
        parameters.Add((name, value));

        var error = _h.Error("order.cancelReplace", [.. parameters]);

        Assert.Equal((400, code, message), error);
    }

    [Fact]
    public async Task CancelReplace_ThroughTheRealClient_ReturnsTheResult_OrThrowsWithWhatEachHalfDid()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "old-1");
        using var client = new BinanceRestClient(_h.Transport, _h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        var order = OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.2m, BestBid - 200m);

        var result = await client.CancelReplaceAsync(new CancelReplaceRequest(order) { CancelOrigClientOrderId = "old-1" });
        var again = await Assert.ThrowsAsync<CancelReplaceException>(() =>
            client.CancelReplaceAsync(new CancelReplaceRequest(order) { CancelOrigClientOrderId = "old-1" }));

        Assert.Equal(CancelReplaceStatus.Success, result.CancelResult);
        Assert.Equal("old-1", result.CancelResponse!.ClientOrderId);
        Assert.Equal(OrderStatus.New, result.NewOrderResponse!.Status);
        Assert.StartsWith("gx-", result.NewOrderResponse.ClientOrderId, StringComparison.Ordinal);
        Assert.Equal(-2022, again.BinanceCode);
        Assert.Equal(CancelReplaceStatus.NotAttempted, again.Result.NewOrderResult);
        Assert.Equal(-2011, again.Result.CancelError!.Code);
    }

    // ---- PUT /api/v3/order/amend/keepPriority and GET /api/v3/order/amendments

    private JsonElement Amend(string origClientOrderId, string newQty, string? newClientOrderId = null) =>
        newClientOrderId is null
            ? _h.Json("order.amend.keepPriority", ("symbol", "BTCUSDT"), ("origClientOrderId", origClientOrderId), ("newQty", newQty))
            : _h.Json("order.amend.keepPriority", ("symbol", "BTCUSDT"), ("origClientOrderId", origClientOrderId), ("newQty", newQty), ("newClientOrderId", newClientOrderId));

    [Fact]
    public void AmendKeepPriority_ReducesTheQuantity_KeepsTheOrdersPlaceInTheQueue_AndReleasesFunds()
    {
        // Two account orders at the same price, ahead of nobody else: mine-1 first, mine-2 second.
        var price = BestBid - 100m;
        PlaceLimit("BUY", price, 0.5m, "mine-1");
        PlaceLimit("BUY", price, 0.3m, "mine-2");

        var amended = Amend("mine-1", "0.2", "mine-1b");

        var order = amended.GetProperty("amendedOrder");
        Assert.Equal("mine-1", order.GetProperty("origClientOrderId").GetString());
        Assert.Equal("mine-1b", order.GetProperty("clientOrderId").GetString());
        Assert.Equal(0.2m, Dec(order, "qty"));
        Assert.Equal("NEW", order.GetProperty("status").GetString());
        Assert.Equal(price * (0.2m + 0.3m), _h.Exchange.GetBalance("USDT").Locked);

        // The amended order is still ahead of mine-2 in its price level's queue, and the level shows the reduced quantity.
        var level = _h.Exchange.Engine.Books["BTCUSDT"].Bids.Find(price)!;
        var queue = new List<string>();
        var total = 0m;
        for (var o = level.Head; o is not null; o = o.Next)
        {
            total += o.Remaining;
            if (o.Owner == 0)
            {
                queue.Add(o.ClientOrderId);
            }
        }

        Assert.Equal(["mine-1b", "mine-2"], queue);
        Assert.Equal(total, level.Total);
        Assert.Equal("mine-1b", _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "mine-1b")).GetProperty("clientOrderId").GetString());
    }

    [Fact]
    public void AmendKeepPriority_DownToTheExecutedQuantity_EndsTheOrderAsExpired_AndReleasesWhatItLocked()
    {
        _h.Exchange.Engine.Ledger.Deposit(0, "USDT", 10_000_000m);
        var top = _h.Json("ticker.book", ("symbol", "BTCUSDT"));
        var askQty = Dec(top, "askQty");
        var placed = PlaceLimit("BUY", Dec(top, "askPrice"), askQty + 0.5m, "partial");
        Assert.Equal("PARTIALLY_FILLED", placed.GetProperty("status").GetString());
        Assert.NotEqual(0m, _h.Exchange.GetBalance("USDT").Locked);

        var amended = Amend("partial", Text(askQty)).GetProperty("amendedOrder");

        Assert.Equal("EXPIRED", amended.GetProperty("status").GetString());
        Assert.Equal(askQty, Dec(amended, "executedQty"));
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(0, _h.Json("openOrders", ("symbol", "BTCUSDT")).GetArrayLength());
    }

    [Theory]
    [InlineData("0.5", -2038, "The requested action would change no state; rejecting")]
    [InlineData("0.6", -2038, "Order amend (quantity increase) is not supported.")]
    public void AmendKeepPriority_NotAReduction_IsRefusedWithMinus2038(string newQty, int code, string message)
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "mine-1");

        var error = _h.Error("order.amend.keepPriority", ("symbol", "BTCUSDT"), ("origClientOrderId", "mine-1"), ("newQty", newQty));

        Assert.Equal((400, code, message), error);
    }

    [Fact]
    public void AmendKeepPriority_OrderNotOpen_IsMinus2013()
    {
        PlaceLimit("BUY", BestBid - 100m, 0.5m, "mine-1");
        _h.Json("order.cancel", ("symbol", "BTCUSDT"), ("origClientOrderId", "mine-1"));

        var error = _h.Error("order.amend.keepPriority", ("symbol", "BTCUSDT"), ("origClientOrderId", "mine-1"), ("newQty", "0.1"));

        Assert.Equal(-2013, error.Code);
    }

    [Fact]
    public void OrderAmendments_ListsEveryAmendment_OldestFirst_FromAnExecutionId()
    {
        var placed = PlaceLimit("BUY", BestBid - 100m, 0.5m, "a");
        var orderId = placed.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture);
        var first = Amend("a", "0.4", "b");
        Amend("b", "0.3", "c");

        var all = _h.Json("order.amendments", ("symbol", "BTCUSDT"), ("orderId", orderId));
        var fromSecond = _h.Json("order.amendments", ("symbol", "BTCUSDT"), ("orderId", orderId),
            ("fromExecutionId", (first.GetProperty("executionId").GetInt64() + 1).ToString(CultureInfo.InvariantCulture)));

        Assert.Equal([("a", "b", 0.5m, 0.4m), ("b", "c", 0.4m, 0.3m)], all.EnumerateArray().Select(a =>
            (a.GetProperty("origClientOrderId").GetString(), a.GetProperty("newClientOrderId").GetString(), Dec(a, "origQty"), Dec(a, "newQty"))));
        Assert.Equal("c", Assert.Single(fromSecond.EnumerateArray()).GetProperty("newClientOrderId").GetString());
    }

    // ---- POST /api/v3/sor/order, POST /api/v3/sor/order/test, GET /api/v3/myAllocations

    [Fact]
    public void SorOrder_FillsAgainstTheMocksOwnBook_AndAnswersTheSorFields_WithOneAllocationPerFill()
    {
        var ask = BestAsk;
        var usdtBefore = _h.Exchange.GetBalance("USDT").Free;

        var order = _h.Json("sor.order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.3"), ("newClientOrderId", "sor-1"));

        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        Assert.Equal("SOR", order.GetProperty("workingFloor").GetString());
        Assert.True(order.GetProperty("usedSor").GetBoolean());
        var fills = order.GetProperty("fills").EnumerateArray().ToList();
        Assert.NotEmpty(fills);
        Assert.All(fills, f =>
        {
            Assert.Equal("ONE_PARTY_TRADE_REPORT", f.GetProperty("matchType").GetString());
            Assert.Equal(-1, f.GetProperty("tradeId").GetInt64());
        });
        Assert.Equal(Enumerable.Range(0, fills.Count).Select(i => (long)i), fills.Select(f => f.GetProperty("allocId").GetInt64()));
        Assert.Equal(0.3m, fills.Sum(f => Dec(f, "qty")));
        Assert.Equal(ask, Dec(fills[0], "price"));
        Assert.Equal(usdtBefore - Dec(order, "cummulativeQuoteQty"), _h.Exchange.GetBalance("USDT").Free);
        Assert.Equal(1, _h.Exchange.GetOrdersCreated("sor-1"));

        var allocations = _h.Json("myAllocations", ("symbol", "BTCUSDT"), ("orderId", order.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal(fills.Select(f => f.GetProperty("allocId").GetInt64()), allocations.EnumerateArray().Select(a => a.GetProperty("allocationId").GetInt64()));
        Assert.All(allocations.EnumerateArray(), a =>
        {
            Assert.Equal("SOR", a.GetProperty("allocationType").GetString());
            Assert.True(a.GetProperty("isBuyer").GetBoolean());
            Assert.Equal(Dec(a, "price") * Dec(a, "qty"), Dec(a, "quoteQty"));
        });
    }

    [Fact]
    public void SorOrder_Limit_RestsOnTheBook_AndShowsInOpenOrders()
    {
        var order = _h.Json("sor.order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.1"), ("price", Text(BestBid - 100m)), ("newClientOrderId", "sor-2"));

        Assert.Equal("NEW", order.GetProperty("status").GetString());
        Assert.Empty(order.GetProperty("fills").EnumerateArray());
        Assert.Equal("sor-2", Assert.Single(_h.Json("openOrders", ("symbol", "BTCUSDT")).EnumerateArray()).GetProperty("clientOrderId").GetString());
        Assert.Equal(0, _h.Json("myAllocations", ("symbol", "BTCUSDT")).GetArrayLength());
    }

    [Theory]
    [InlineData("STOP_LOSS_LIMIT", -1014, "Unsupported order combination.")]
    [InlineData("QUOTE", -1106, "Parameter 'quoteOrderQty' sent when not required.")]
    public void SorOrder_WhatSorDoesNotTake_IsRefused(string kind, int code, string message)
    {
        var error = kind == "QUOTE"
            ? _h.Error("sor.order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "100"))
            : _h.Error("sor.order.place", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", kind), ("timeInForce", "GTC"), ("quantity", "0.1"),
                ("price", Text(BestBid - 100m)), ("stopPrice", Text(BestBid - 50m)));

        Assert.Equal((400, code, message), error);
    }

    [Fact]
    public void SorTestOrder_ValidatesWithoutPlacing_AndAnswersCommissionRatesWhenAsked()
    {
        var result = _h.Json("sor.order.test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.1"),
            ("newClientOrderId", "sor-test"), ("computeCommissionRates", "true"));
        var refused = _h.Error("sor.order.test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "TAKE_PROFIT_LIMIT"), ("timeInForce", "GTC"),
            ("quantity", "0.1"), ("price", "1"), ("stopPrice", "1"));

        Assert.Equal(_h.Options.TakerCommissionRate, Dec(result.GetProperty("standardCommissionForOrder"), "taker"));
        Assert.Equal(0, _h.Exchange.GetOrdersCreated("sor-test"));
        Assert.Equal(-1014, refused.Code);
    }

    [Fact]
    public void Allocations_TimeRangeOver24Hours_IsMinus1127()
    {
        var error = _h.Error("myAllocations", ("symbol", "BTCUSDT"), ("startTime", "1700000000000"), ("endTime", "1700086400001"));

        Assert.Equal((400, -1127, "More than 24 hours between startTime and endTime."), error);
    }
}
