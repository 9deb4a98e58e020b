using System.Globalization;
using System.Text;
using System.Text.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Mock;

namespace Genesis.Exchange.Tests.Mock;

public sealed class MockExchangeTransportTests
{
    private readonly MockTestHarness _h = new();

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public void Ping_ReturnsEmptyObject()
    {
        var json = _h.Json("ping");

        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        Assert.Empty(json.EnumerateObject());
    }

    [Fact]
    public void Time_ReturnsTimeProviderTimeInMilliseconds()
    {
        var json = _h.Json("time");

        Assert.Equal(MockTestHarness.Start.ToUnixTimeMilliseconds(), json.GetProperty("serverTime").GetInt64());
    }

    [Fact]
    public void ExchangeInfo_DeclaresRateLimitsAndSymbolFilters()
    {
        var json = _h.Json("exchangeInfo");

        var limits = json.GetProperty("rateLimits").EnumerateArray()
            .Select(l => $"{l.GetProperty("rateLimitType").GetString()} {l.GetProperty("intervalNum").GetInt32()} {l.GetProperty("interval").GetString()} {l.GetProperty("limit").GetInt32()}")
            .ToArray();
        Assert.Equal(["REQUEST_WEIGHT 1 MINUTE 6000", "ORDERS 10 SECOND 100", "ORDERS 1 DAY 200000", "RAW_REQUESTS 5 MINUTE 61000"], limits);
        var symbols = json.GetProperty("symbols").EnumerateArray().ToArray();
        Assert.Equal(["BTCUSDT", "ETHUSDT", "ETHBTC"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        var filters = symbols[0].GetProperty("filters").EnumerateArray().ToArray();
        Assert.Equal(
            ["PRICE_FILTER", "LOT_SIZE", "ICEBERG_PARTS", "MARKET_LOT_SIZE", "PERCENT_PRICE_BY_SIDE", "NOTIONAL", "MAX_NUM_ORDERS"],
            filters.Select(f => f.GetProperty("filterType").GetString()));
        Assert.Equal("0.01000000", filters[0].GetProperty("tickSize").GetString());
        Assert.Equal("0.00001000", filters[1].GetProperty("stepSize").GetString());
    }

    [Fact]
    public void ExchangeInfo_OneSymbol_ReturnsOnlyIt()
    {
        var json = _h.Json("exchangeInfo", ("symbol", "ETHBTC"));

        Assert.Equal("ETHBTC", Assert.Single(json.GetProperty("symbols").EnumerateArray()).GetProperty("symbol").GetString());
    }

    [Fact]
    public void Depth_ReturnsFixtureBookWithEightDecimalStrings()
    {
        var json = _h.Json("depth", ("symbol", "BTCUSDT"), ("limit", "5"));

        var bids = json.GetProperty("bids").EnumerateArray().ToArray();
        Assert.Equal(5, bids.Length);
        Assert.Equal("94995.00000000", bids[0][0].GetString());
        Assert.Equal("1.17271000", bids[0][1].GetString());
        Assert.Equal("95005.00000000", json.GetProperty("asks")[0][0].GetString());
        Assert.Equal(_h.Exchange.GetOrderBook("BTCUSDT").LastUpdateId, json.GetProperty("lastUpdateId").GetInt64());
    }

    [Fact]
    public void Trades_ReturnsRecentTradesOldestFirst()
    {
        var json = _h.Json("trades", ("symbol", "BTCUSDT"), ("limit", "3"));

        var trades = json.EnumerateArray().ToArray();
        Assert.Equal([4000000048L, 4000000049L, 4000000050L], trades.Select(t => t.GetProperty("id").GetInt64()));
        Assert.Equal("95005.00000000", trades[2].GetProperty("price").GetString());
        Assert.Equal("0.00771000", trades[2].GetProperty("qty").GetString());
        Assert.False(trades[2].GetProperty("isBuyerMaker").GetBoolean());
        Assert.True(trades[2].GetProperty("time").GetInt64() <= MockTestHarness.Start.ToUnixTimeMilliseconds());
    }

    [Fact]
    public void AggTrades_FromId_StartsThere()
    {
        var json = _h.Json("aggTrades", ("symbol", "BTCUSDT"), ("fromId", "4000000049"));

        var first = json.EnumerateArray().First();
        Assert.Equal(4000000049L, first.GetProperty("f").GetInt64());
        Assert.True(first.GetProperty("l").GetInt64() >= first.GetProperty("f").GetInt64());
        Assert.Equal(JsonValueKind.String, first.GetProperty("p").ValueKind);
    }

    [Fact]
    public void Klines_ReturnsBinanceArrays_EndingBeforeNow()
    {
        var json = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "1m"), ("limit", "100"));

        var klines = json.EnumerateArray().ToArray();
        Assert.Equal(100, klines.Length);
        var last = klines[^1];
        Assert.Equal(12, last.GetArrayLength());
        Assert.Equal(last[0].GetInt64() + 59_999, last[6].GetInt64());
        Assert.Equal("95000.00000000", last[4].GetString());
        Assert.Equal(MockTestHarness.Start.ToUnixTimeMilliseconds() - 30_000 - 60_000, last[0].GetInt64());
    }

    [Fact]
    public void Klines_FiveMinutes_AggregatesOneMinuteBars()
    {
        var json = _h.Json("klines", ("symbol", "BTCUSDT"), ("interval", "5m"));

        Assert.All(json.EnumerateArray(), k => Assert.Equal(0, k[0].GetInt64() % 300_000));
        Assert.InRange(json.GetArrayLength(), 20, 21);
    }

    [Fact]
    public void Klines_BadInterval_ReturnsMinus1120()
    {
        var error = _h.Error("klines", ("symbol", "BTCUSDT"), ("interval", "7m"));

        Assert.Equal((400, -1120, "Invalid interval."), error);
    }

    [Fact]
    public void AvgPrice_ReturnsFiveMinuteAverage()
    {
        var json = _h.Json("avgPrice", ("symbol", "BTCUSDT"));

        Assert.Equal(5, json.GetProperty("mins").GetInt32());
        Assert.InRange(Dec(json, "price"), 90_000m, 100_000m);
    }

    [Fact]
    public void Ticker24h_ReturnsFullStatistics()
    {
        var json = _h.Json("ticker.24hr", ("symbol", "BTCUSDT"));

        Assert.Equal("BTCUSDT", json.GetProperty("symbol").GetString());
        Assert.Equal(95005m, Dec(json, "lastPrice"));
        Assert.Equal(94995m, Dec(json, "bidPrice"));
        Assert.Equal(95005m, Dec(json, "askPrice"));
        Assert.True(Dec(json, "highPrice") >= Dec(json, "lowPrice"));
        Assert.True(json.GetProperty("count").GetInt64() > 0);
        Assert.Matches(@"^-?\d+\.\d{3}$", json.GetProperty("priceChangePercent").GetString());
    }

    [Fact]
    public void PriceTicker_AllSymbols_ReturnsArray()
    {
        var json = _h.Json("ticker.price");

        Assert.Equal(3, json.GetArrayLength());
        Assert.Equal("95005.00000000", json[0].GetProperty("price").GetString());
    }

    [Fact]
    public void BookTicker_Symbols_ReturnsBestLevels()
    {
        var json = _h.Json("ticker.book", ("symbols", "[\"ETHBTC\"]"));

        var t = Assert.Single(json.EnumerateArray());
        Assert.Equal("0.03683000", t.GetProperty("bidPrice").GetString());
        Assert.Equal("0.03685000", t.GetProperty("askPrice").GetString());
    }

    [Fact]
    public void Account_ReturnsInitialBalancesAndCommissionRates()
    {
        var json = _h.Json("account");

        var usdt = json.GetProperty("balances").EnumerateArray().Single(b => b.GetProperty("asset").GetString() == "USDT");
        Assert.Equal("100000.00000000", usdt.GetProperty("free").GetString());
        Assert.Equal("0.00000000", usdt.GetProperty("locked").GetString());
        Assert.Equal("0.00100000", json.GetProperty("commissionRates").GetProperty("maker").GetString());
        Assert.Equal(10, json.GetProperty("makerCommission").GetInt32());
        Assert.Equal("SPOT", json.GetProperty("accountType").GetString());
    }

    [Fact]
    public void PlaceOrder_Market_ReturnsFullResponseWithFills()
    {
        var json = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.30000"), ("newClientOrderId", "m1"));

        Assert.Equal("m1", json.GetProperty("clientOrderId").GetString());
        Assert.Equal("FILLED", json.GetProperty("status").GetString());
        Assert.Equal("0.30000000", json.GetProperty("executedQty").GetString());
        var fills = json.GetProperty("fills").EnumerateArray().ToArray();
        Assert.Equal(2, fills.Length);
        Assert.Equal("95005.00000000", fills[0].GetProperty("price").GetString());
        Assert.Equal("0.29571000", fills[0].GetProperty("qty").GetString());
        Assert.Equal("0.00029571", fills[0].GetProperty("commission").GetString());
        Assert.Equal("BTC", fills[0].GetProperty("commissionAsset").GetString());
        Assert.Equal(4000000051L, fills[0].GetProperty("tradeId").GetInt64());
        Assert.Equal((95005m * 0.29571m) + (95015m * 0.00429m), Dec(json, "cummulativeQuoteQty"));
    }

    [Fact]
    public void PlaceOrder_LimitWithAck_ReturnsAckFieldsOnly()
    {
        var json = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"), ("newOrderRespType", "ACK"));

        Assert.Equal(["symbol", "orderId", "orderListId", "clientOrderId", "transactTime"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(MockTestHarness.Start.ToUnixTimeMilliseconds(), json.GetProperty("transactTime").GetInt64());
    }

    [Fact]
    public void PlaceOrder_StopLossLimit_DefaultsToAck_AndQueryShowsNotWorking()
    {
        var placed = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "STOP_LOSS_LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"), ("stopPrice", "90100.00"));

        Assert.False(placed.TryGetProperty("status", out _));
        var order = _h.Json("order.status", ("symbol", "BTCUSDT"), ("orderId", placed.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)));
        Assert.Equal("NEW", order.GetProperty("status").GetString());
        Assert.Equal("90100.00000000", order.GetProperty("stopPrice").GetString());
        Assert.False(order.GetProperty("isWorking").GetBoolean());
        Assert.Equal(-1, order.GetProperty("workingTime").GetInt64());
    }

    [Fact]
    public void PlaceOrder_LotSizeViolation_ReturnsMinus1013FilterFailure()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.000015"), ("price", "90000.00"));

        Assert.Equal((400, -1013, "Filter failure: LOT_SIZE"), error);
    }

    [Fact]
    public void PlaceOrder_TickSizeViolation_ReturnsPriceFilterFailure()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.005"));

        Assert.Equal((400, -1013, "Filter failure: PRICE_FILTER"), error);
    }

    [Fact]
    public void PlaceOrder_NotionalTooSmall_ReturnsNotionalFilterFailure()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.00001"), ("price", "90000.00"));

        Assert.Equal((400, -1013, "Filter failure: NOTIONAL"), error);
    }

    [Fact]
    public void PlaceOrder_PriceFarFromAverage_ReturnsPercentPriceBySideFailure()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.00100"), ("price", "10000.00"));

        Assert.Equal((400, -1013, "Filter failure: PERCENT_PRICE_BY_SIDE"), error);
    }

    [Fact]
    public void PlaceOrder_MissingTimeInForce_ReturnsMinus1102()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("quantity", "0.01000"), ("price", "90000.00"));

        Assert.Equal((400, -1102, "Mandatory parameter 'timeInForce' was not sent, was empty/null, or malformed."), error);
    }

    [Fact]
    public void PlaceOrder_MarketWithPrice_ReturnsMinus1106()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("price", "90000.00"));

        Assert.Equal((400, -1106, "Parameter 'price' sent when not required."), error);
    }

    [Fact]
    public void PlaceOrder_MarketByQuote_SpendsTheQuoteAmount()
    {
        var json = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quoteOrderQty", "1000.00"));

        Assert.Equal("1000.00000000", json.GetProperty("origQuoteOrderQty").GetString());
        Assert.Equal(json.GetProperty("executedQty").GetString(), json.GetProperty("origQty").GetString());
        Assert.InRange(Dec(json, "cummulativeQuoteQty"), 999m, 1000m);
        Assert.Equal(100_000m - Dec(json, "cummulativeQuoteQty"), _h.Exchange.GetBalance("USDT").Free);
    }

    [Fact]
    public void PlaceOrder_UnknownSymbol_ReturnsMinus1121()
    {
        var error = _h.Error("order.place", ("symbol", "XYZUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "1"));

        Assert.Equal((400, -1121, "Invalid symbol."), error);
    }

    [Fact]
    public void PlaceOrder_InsufficientBalance_ReturnsMinus2010()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "2.00000"), ("price", "90000.00"));

        Assert.Equal((400, -2010, "Account has insufficient balance for requested action."), error);
    }

    [Fact]
    public void PlaceOrder_LimitMakerThatCrosses_ReturnsMinus2010()
    {
        var error = _h.Error("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT_MAKER"), ("quantity", "0.01000"), ("price", "95010.00"));

        Assert.Equal((400, -2010, "Order would immediately match and take."), error);
    }

    [Fact]
    public void PlaceOrder_DuplicateClientOrderIdOfOpenOrder_ReturnsMinus2010()
    {
        (string, string)[] order = [("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"), ("newClientOrderId", "dup")];
        _h.Json("order.place", order);

        var error = _h.Error("order.place", order);

        Assert.Equal((400, -2010, "Duplicate order sent."), error);
        Assert.Equal(1, _h.Exchange.GetOrdersCreated("dup"));
    }

    [Fact]
    public void TestOrder_WithCommissionRates_ReturnsStandardCommission()
    {
        var json = _h.Json("order.test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"), ("computeCommissionRates", "true"));

        Assert.Equal("0.00100000", json.GetProperty("standardCommissionForOrder").GetProperty("taker").GetString());
        Assert.Empty(_h.Json("openOrders").EnumerateArray());
    }

    [Fact]
    public void TestOrder_FilterViolation_ReturnsMinus1013()
    {
        var error = _h.Error("order.test", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "121"));

        Assert.Equal((400, -1013, "Filter failure: MARKET_LOT_SIZE"), error);
    }

    [Fact]
    public void CancelOrder_RestingOrder_ReturnsCanceledAndReleasesFunds()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.10000"), ("price", "90000.00"), ("newClientOrderId", "c1"));
        Assert.Equal(9_000m, _h.Exchange.GetBalance("USDT").Locked);

        var json = _h.Json("order.cancel", ("symbol", "BTCUSDT"), ("origClientOrderId", "c1"), ("newClientOrderId", "cx"));

        Assert.Equal("CANCELED", json.GetProperty("status").GetString());
        Assert.Equal("c1", json.GetProperty("origClientOrderId").GetString());
        Assert.Equal("cx", json.GetProperty("clientOrderId").GetString());
        Assert.Equal(0m, _h.Exchange.GetBalance("USDT").Locked);
        Assert.Equal(100_000m, _h.Exchange.GetBalance("USDT").Free);
    }

    [Fact]
    public void CancelOrder_Unknown_ReturnsMinus2011()
    {
        var error = _h.Error("order.cancel", ("symbol", "BTCUSDT"), ("orderId", "999999"));

        Assert.Equal((400, -2011, "Unknown order sent."), error);
    }

    [Fact]
    public void CancelOrder_AlreadyFilled_ReturnsMinus2011()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "f1"));

        var error = _h.Error("order.cancel", ("symbol", "BTCUSDT"), ("origClientOrderId", "f1"));

        Assert.Equal((400, -2011, "Unknown order sent."), error);
    }

    [Fact]
    public void QueryOrder_Unknown_ReturnsMinus2013()
    {
        var error = _h.Error("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "nope"));

        Assert.Equal((400, -2013, "Order does not exist."), error);
    }

    [Fact]
    public void QueryOrder_FilledOrder_ReturnsBinanceFields()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "q1"));

        var json = _h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "q1"));

        Assert.Equal(
            ["symbol", "orderId", "orderListId", "clientOrderId", "price", "origQty", "executedQty", "origQuoteOrderQty", "cummulativeQuoteQty", "status", "timeInForce", "type", "side", "stopPrice", "icebergQty", "time", "updateTime", "isWorking", "workingTime", "selfTradePreventionMode"],
            json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("FILLED", json.GetProperty("status").GetString());
        Assert.Equal("949.95000000", json.GetProperty("cummulativeQuoteQty").GetString());
    }

    [Fact]
    public void OpenOrdersAllOrdersAndMyTrades_ReflectTheAccount()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"));
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"));

        Assert.Single(_h.Json("openOrders", ("symbol", "BTCUSDT")).EnumerateArray());
        Assert.Equal(2, _h.Json("allOrders", ("symbol", "BTCUSDT")).GetArrayLength());
        var trade = Assert.Single(_h.Json("myTrades", ("symbol", "BTCUSDT")).EnumerateArray());
        Assert.True(trade.GetProperty("isBuyer").GetBoolean());
        Assert.False(trade.GetProperty("isMaker").GetBoolean());
        Assert.Equal("0.00001000", trade.GetProperty("commission").GetString());
    }

    [Fact]
    public void UsedWeightHeader_CountsPerFixedMinute()
    {
        _h.Send("ping");
        var second = _h.Send("ping");
        Assert.Equal("2", second.Headers["X-MBX-USED-WEIGHT-1M"]);

        _h.Time.Advance(TimeSpan.FromSeconds(30)); // 12:01:00, a new window
        var third = _h.Send("ping");

        Assert.Equal("1", third.Headers["X-MBX-USED-WEIGHT-1M"]);
    }

    [Fact]
    public void PlaceOrder_Success_CarriesOrderCountHeaders()
    {
        var response = _h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"));

        Assert.Equal("1", response.Headers["X-MBX-ORDER-COUNT-10S"]);
        Assert.Equal("1", response.Headers["X-MBX-ORDER-COUNT-1D"]);
    }

    [Fact]
    public async Task Latency_WaitsOnTheTimeProvider()
    {
        var h = new MockTestHarness(o => o.Latency.Fixed = TimeSpan.FromMilliseconds(200));

        var task = h.Transport.SendAsync(MockTestHarness.Request("ping")).AsTask();
        h.Time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(task.IsCompleted);
        h.Time.Advance(TimeSpan.FromMilliseconds(1));
        var response = await task;

        Assert.Equal(TimeSpan.FromMilliseconds(200), response.Latency);
    }

    [Fact]
    public async Task Latency_Canceled_Throws()
    {
        var h = new MockTestHarness(o => o.Latency.Fixed = TimeSpan.FromSeconds(1));
        using var cts = new CancellationTokenSource();

        var task = h.Transport.SendAsync(MockTestHarness.Request("ping"), cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
    }

    [Fact]
    public void Jitter_SameSeed_SameLatencies()
    {
        static TimeSpan[] Latencies()
        {
            var h = new MockTestHarness(o => o.Latency.Jitter = TimeSpan.FromMilliseconds(100));
            var result = new TimeSpan[5];
            for (var i = 0; i < result.Length; i++)
            {
                var task = h.Transport.SendAsync(MockTestHarness.Request("ping")).AsTask();
                h.Time.Advance(TimeSpan.FromMilliseconds(100));
                result[i] = task.GetAwaiter().GetResult().Latency;
            }

            return result;
        }

        var first = Latencies();

        Assert.Equal(first, Latencies());
        Assert.True(first.Distinct().Count() > 1);
        Assert.All(first, l => Assert.InRange(l, TimeSpan.Zero, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void ErrorRate_One_Returns503WithHtmlBody()
    {
        var h = new MockTestHarness(o => o.Faults.ErrorRate = 1.0);

        var response = h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "e1"));

        Assert.Equal(503, response.StatusCode);
        Assert.StartsWith("<html>", Encoding.UTF8.GetString(response.Body.Span), StringComparison.Ordinal);
        Assert.Equal(0, h.Exchange.GetOrdersCreated("e1"));
    }

    [Fact]
    public async Task TimeoutRate_One_ThrowsTimeoutAndPlacesNothing()
    {
        var h = new MockTestHarness(o => o.Faults.TimeoutRate = 1.0);
        var request = MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "t1"));

        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => h.Transport.SendAsync(request).AsTask());

        Assert.Equal(0, h.Exchange.GetOrdersCreated("t1"));
    }

    [Fact]
    public async Task UnknownStatusRate_One_PlacesTheOrderButThrowsTimeout()
    {
        var h = new MockTestHarness(o => o.Faults.UnknownStatusRate = 1.0);
        var request = MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "u1"));

        await Assert.ThrowsAsync<ExchangeTimeoutException>(() => h.Transport.SendAsync(request).AsTask());

        Assert.Equal(1, h.Exchange.GetOrdersCreated("u1"));
        var order = h.Json("order.status", ("symbol", "BTCUSDT"), ("origClientOrderId", "u1"));
        Assert.Equal("FILLED", order.GetProperty("status").GetString());
    }

    [Fact]
    public void ErrorRate_Half_FailsTheSameRequestsForTheSameSeed()
    {
        static int[] Statuses()
        {
            var h = new MockTestHarness(o => o.Faults.ErrorRate = 0.5);
            return Enumerable.Range(0, 20).Select(_ => h.Send("ping").StatusCode).ToArray();
        }

        var first = Statuses();

        Assert.Equal(first, Statuses());
        Assert.Contains(503, first);
        Assert.Contains(200, first);
    }
    [Fact]
    public async Task SendAsync_ConcurrentCallersAndSteps_KeepTheLedgerConsistent()
    {
        var h = new MockTestHarness(o => o.GenerateMarketData = true);
        var ledger = h.Exchange.Engine.Ledger;
        var totals = Enumerable.Range(0, ledger.Assets.Count).Select(ledger.Total).ToArray();

        var accepted = 0;
        var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                if (w == 0)
                {
                    h.Exchange.Step();
                    continue;
                }

                var side = (i + w) % 2 == 0 ? "BUY" : "SELL";
                var response = await h.Transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "ETHUSDT"), ("side", side), ("type", "MARKET"), ("quantity", "0.0100")));

                // 600 placements on a clock that does not move pass Binance's 100 orders per 10 s: the rest are refused (-1015).
                Assert.True(response.StatusCode is 200 or 429, response.BodyExcerpt());
                if (response.StatusCode == 200)
                {
                    Interlocked.Increment(ref accepted);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);

        for (var a = 0; a < totals.Length; a++)
        {
            Assert.Equal(totals[a], ledger.Total(a));
        }

        Assert.Equal(100, accepted);
        Assert.Equal(accepted, h.Json("allOrders", ("symbol", "ETHUSDT"), ("limit", "1000")).GetArrayLength());
    }

    [Fact]
    public async Task SendAsync_PastTheOrdersLimit_Is429WithMinus1015_RetryAfterToTheWindowEnd_AndNothingIsPlaced()
    {
        var h = new MockTestHarness();
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(200, (await h.Transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.00100")))).StatusCode);
        }

        var refused = await h.Transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.00100"), ("newClientOrderId", "one-too-many")));
        h.Time.Advance(TimeSpan.FromSeconds(10));
        var later = await h.Transport.SendAsync(MockTestHarness.Request("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.00100")));

        Assert.Equal(429, refused.StatusCode);
        Assert.Contains("-1015", System.Text.Encoding.UTF8.GetString(refused.Body.Span), StringComparison.Ordinal);
        Assert.True(int.Parse(refused.Headers["Retry-After"], System.Globalization.CultureInfo.InvariantCulture) is > 0 and <= 10);
        Assert.Equal(0, h.Exchange.GetOrdersCreated("one-too-many"));
        Assert.Equal(200, later.StatusCode);
        Assert.Equal("1", later.Headers["X-MBX-ORDER-COUNT-10S"]);
    }

    [Fact]
    public async Task SendAsync_RequestsThroughTheBackOffAfter429_GetTheIpBanned418()
    {
        var h = new MockTestHarness();
        Genesis.Exchange.Abstractions.ExchangeResponse last;
        do
        {
            last = await h.Transport.SendAsync(MockTestHarness.Request("exchangeInfo"));
        }
        while (last.StatusCode == 200);

        var banned = await h.Transport.SendAsync(MockTestHarness.Request("ping"));

        Assert.Equal(429, last.StatusCode);
        Assert.Equal(418, banned.StatusCode);
        Assert.Contains("-1003", System.Text.Encoding.UTF8.GetString(banned.Body.Span), StringComparison.Ordinal);
        Assert.Contains("banned until", System.Text.Encoding.UTF8.GetString(banned.Body.Span), StringComparison.Ordinal);
    }
}
