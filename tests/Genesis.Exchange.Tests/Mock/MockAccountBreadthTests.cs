using System.Globalization;
using System.Text.Json;
using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Genesis.Exchange.Tests.Mock;

/// <summary>
/// The mock's answers for the account and market-data endpoints of issue 12 part 2 (commission rates, unfilled order count,
/// prevented matches, my filters, reference price, execution rules, block trades, several/all/MINI tickers), from its own state.
/// </summary>
public sealed class MockAccountBreadthTests
{
    private readonly MockTestHarness _h = new(o =>
    {
        o.MakerCommissionRate = 0.0002m;
        o.TakerCommissionRate = 0.00075m;
    });

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public void AccountCommission_ReportsTheRatesTheEngineChargesOnFills()
    {
        var rates = _h.Json("account.commission", ("symbol", "btcusdt"));
        var placed = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.30000"), ("newClientOrderId", "c1"));

        Assert.Equal("BTCUSDT", rates.GetProperty("symbol").GetString());
        var standard = rates.GetProperty("standardCommission");
        Assert.Equal(0.0002m, Dec(standard, "maker"));
        Assert.Equal(0.00075m, Dec(standard, "taker"));
        var fills = placed.GetProperty("fills").EnumerateArray().ToArray();
        Assert.NotEmpty(fills);
        Assert.All(fills, f => Assert.Equal(decimal.Round(Dec(f, "qty") * Dec(standard, "taker"), 8, MidpointRounding.ToZero), Dec(f, "commission")));
    }

    [Fact]
    public void AccountCommission_AnswersEveryDocumentedObject_WithWhatTheEngineDoesNotCharge_AsZero()
    {
        var rates = _h.Json("account.commission", ("symbol", "ETHUSDT"));

        Assert.Equal(0m, Dec(rates.GetProperty("standardCommission"), "buyer"));
        Assert.Equal(0m, Dec(rates.GetProperty("standardCommission"), "seller"));
        foreach (var name in new[] { "specialCommission", "taxCommission" })
        {
            var o = rates.GetProperty(name);
            Assert.Equal([0m, 0m, 0m, 0m], new[] { Dec(o, "maker"), Dec(o, "taker"), Dec(o, "buyer"), Dec(o, "seller") });
        }

        var discount = rates.GetProperty("discount");
        Assert.False(discount.GetProperty("enabledForAccount").GetBoolean());
        Assert.False(discount.GetProperty("enabledForSymbol").GetBoolean());
        Assert.Equal("BNB", discount.GetProperty("discountAsset").GetString());
        Assert.Equal(0m, Dec(discount, "discount"));
    }

    [Fact]
    public void AccountCommission_UnknownSymbol_ReturnsMinus1121()
    {
        Assert.Equal((400, -1121, "Invalid symbol."), _h.Error("account.commission", ("symbol", "NOPEUSDT")));
    }

    [Fact]
    public void AccountCommission_WithoutSymbol_ReturnsMinus1102()
    {
        var (status, code, _) = _h.Error("account.commission");

        Assert.Equal((400, -1102), (status, code));
    }

    private static (int TenSeconds, int Day) Counts(JsonElement counts)
    {
        var windows = counts.EnumerateArray().ToDictionary(c => c.GetProperty("interval").GetString()!, c => c);
        Assert.Equal(2, windows.Count);
        Assert.All(windows.Values, c => Assert.Equal("ORDERS", c.GetProperty("rateLimitType").GetString()));
        Assert.Equal(10, windows["SECOND"].GetProperty("intervalNum").GetInt32());
        Assert.Equal(1, windows["DAY"].GetProperty("intervalNum").GetInt32());
        return (windows["SECOND"].GetProperty("count").GetInt32(), windows["DAY"].GetProperty("count").GetInt32());
    }

    private ExchangeResponse PlaceLimitBuy(string clientOrderId) =>
        _h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "90000.00"), ("newClientOrderId", clientOrderId));

    [Fact]
    public void UnfilledOrderCount_IsZero_BeforeAnyOrder()
    {
        Assert.Equal((0, 0), Counts(_h.Json("account.rateLimits.orders")));
    }

    [Fact]
    public void UnfilledOrderCount_ReportsTheCountersBehindTheOrderCountHeaders()
    {
        PlaceLimitBuy("r1");
        PlaceLimitBuy("r2");
        var last = PlaceLimitBuy("r3");

        var counts = Counts(_h.Json("account.rateLimits.orders"));

        Assert.Equal(3, counts.TenSeconds);
        Assert.Equal((last.Headers["X-MBX-ORDER-COUNT-10S"], last.Headers["X-MBX-ORDER-COUNT-1D"]), (counts.TenSeconds.ToString(CultureInfo.InvariantCulture), counts.Day.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void UnfilledOrderCount_RejectedPlacement_IsNotCounted()
    {
        PlaceLimitBuy("ok1");
        var rejected = _h.Send("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", "0.001"));

        Assert.Equal(400, rejected.StatusCode);
        Assert.Equal((1, 1), Counts(_h.Json("account.rateLimits.orders")));
    }

    [Fact]
    public void UnfilledOrderCount_TenSecondWindowRollsOnTheClock_DayWindowKeepsCounting()
    {
        PlaceLimitBuy("w1");
        PlaceLimitBuy("w2");
        var intoNextWindow = 10_000 - (_h.Time.GetUtcNow().ToUnixTimeMilliseconds() % 10_000);
        _h.Time.Advance(TimeSpan.FromMilliseconds(intoNextWindow));

        Assert.Equal((0, 2), Counts(_h.Json("account.rateLimits.orders")));
        PlaceLimitBuy("w3");
        Assert.Equal((1, 3), Counts(_h.Json("account.rateLimits.orders")));
    }

    [Fact]
    public void UnfilledOrderCount_Limits_AreTheOrdersLimitsOfExchangeInfo()
    {
        var declared = _h.Json("exchangeInfo").GetProperty("rateLimits").EnumerateArray()
            .Where(l => l.GetProperty("rateLimitType").GetString() == "ORDERS")
            .Select(l => (l.GetProperty("interval").GetString(), l.GetProperty("intervalNum").GetInt32(), l.GetProperty("limit").GetInt32()))
            .Order().ToList();

        var reported = _h.Json("account.rateLimits.orders").EnumerateArray()
            .Select(l => (l.GetProperty("interval").GetString(), l.GetProperty("intervalNum").GetInt32(), l.GetProperty("limit").GetInt32()))
            .Order().ToList();

        Assert.Equal(declared, reported);
    }

    [Fact]
    public void PreventedMatches_OwnOrdersTradeWithEachOther_UnderStpNone_SoNoneIsPrevented()
    {
        var book = _h.Json("depth", ("symbol", "BTCUSDT"), ("limit", "5"));
        var bestAsk = decimal.Parse(book.GetProperty("asks")[0][0].GetString()!, CultureInfo.InvariantCulture);
        var inside = (bestAsk - 0.01m).ToString(CultureInfo.InvariantCulture);
        var maker = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "SELL"), ("type", "LIMIT"), ("timeInForce", "GTC"), ("quantity", "0.01000"), ("price", inside), ("newClientOrderId", "self-maker"));
        var taker = _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.01000"), ("newClientOrderId", "self-taker"));

        Assert.Equal("FILLED", taker.GetProperty("status").GetString());
        Assert.Equal("NONE", taker.GetProperty("selfTradePreventionMode").GetString());
        var fill = Assert.Single(taker.GetProperty("fills").EnumerateArray());
        Assert.Equal(decimal.Parse(inside, CultureInfo.InvariantCulture), Dec(fill, "price"));
        var makerId = maker.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture);
        Assert.Equal("FILLED", _h.Json("order.status", ("symbol", "BTCUSDT"), ("orderId", makerId)).GetProperty("status").GetString());
        Assert.Equal(0, _h.Json("myPreventedMatches", ("symbol", "BTCUSDT"), ("orderId", makerId)).GetArrayLength());
        Assert.Equal(0, _h.Json("myPreventedMatches", ("symbol", "BTCUSDT"), ("orderId", taker.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture))).GetArrayLength());
        Assert.Equal(0, _h.Json("myPreventedMatches", ("symbol", "BTCUSDT"), ("preventedMatchId", "1")).GetArrayLength());
    }

    [Theory]
    [InlineData("orderId", "1", "fromPreventedMatchId", "1", "limit", "1000")]
    [InlineData("orderId", "1", "fromPreventedMatchId", "1", null, null)]
    [InlineData("preventedMatchId", "1", null, null, null, null)]
    public void PreventedMatches_DocumentedCombinations_AreAnswered(string k1, string v1, string? k2, string? v2, string? k3, string? v3)
    {
        var p = new List<(string, string)> { ("symbol", "BTCUSDT"), (k1, v1) };
        if (k2 is not null)
        {
            p.Add((k2, v2!));
        }

        if (k3 is not null)
        {
            p.Add((k3, v3!));
        }

        Assert.Equal(JsonValueKind.Array, _h.Json("myPreventedMatches", [.. p]).ValueKind);
    }

    [Fact]
    public void PreventedMatches_WithoutIdOrOrder_ReturnsMinus1102()
    {
        Assert.Equal((400, -1102), Code(_h.Error("myPreventedMatches", ("symbol", "BTCUSDT"))));
    }

    [Theory]
    [InlineData("preventedMatchId", "1", "orderId", "1")]
    [InlineData("preventedMatchId", "1", "fromPreventedMatchId", "1")]
    [InlineData("orderId", "1", "limit", "10")]
    public void PreventedMatches_UndocumentedCombination_ReturnsMinus1128(string k1, string v1, string k2, string v2)
    {
        Assert.Equal((400, -1128), Code(_h.Error("myPreventedMatches", ("symbol", "BTCUSDT"), (k1, v1), (k2, v2))));
    }

    [Fact]
    public void PreventedMatches_LimitAboveMaximum_ReturnsMinus1130()
    {
        Assert.Equal((400, -1130), Code(_h.Error("myPreventedMatches", ("symbol", "BTCUSDT"), ("orderId", "1"), ("fromPreventedMatchId", "1"), ("limit", "1001"))));
    }

    [Fact]
    public void PreventedMatches_UnknownSymbol_ReturnsMinus1121()
    {
        Assert.Equal((400, -1121), Code(_h.Error("myPreventedMatches", ("symbol", "NOPEUSDT"), ("preventedMatchId", "1"))));
    }

    private static (int Status, int Code) Code((int Status, int Code, string Msg) error) => (error.Status, error.Code);

    [Theory]
    [InlineData("BTCUSDT")]
    [InlineData("ETHBTC")]
    public void AccountFilters_AreTheSymbolAndExchangeFiltersOfExchangeInfo_WithNoAssetFilter(string symbol)
    {
        var info = _h.Json("exchangeInfo", ("symbol", symbol));
        var filters = _h.Json("myFilters", ("symbol", symbol));

        var symbolFilters = filters.GetProperty("symbolFilters");
        Assert.NotEqual(0, symbolFilters.GetArrayLength());
        Assert.Equal(info.GetProperty("symbols")[0].GetProperty("filters").GetRawText(), symbolFilters.GetRawText());
        Assert.Equal(info.GetProperty("exchangeFilters").GetRawText(), filters.GetProperty("exchangeFilters").GetRawText());
        Assert.Equal(0, filters.GetProperty("assetFilters").GetArrayLength());
    }

    [Fact]
    public void AccountFilters_UnknownSymbol_ReturnsMinus1121()
    {
        Assert.Equal((400, -1121), Code(_h.Error("myFilters", ("symbol", "NOPEUSDT"))));
    }

    [Theory]
    [InlineData("referencePrice")]
    [InlineData("referencePrice.calculation")]
    public void ReferencePrice_MockSetsNone_AnswersMinus2043ForAListedSymbol(string endpoint)
    {
        Assert.Equal((400, -2043, "This symbol doesn't have a reference price."), _h.Error(endpoint, ("symbol", "BTCUSDT")));
    }

    [Theory]
    [InlineData("referencePrice")]
    [InlineData("referencePrice.calculation")]
    public void ReferencePrice_UnknownSymbol_ReturnsMinus1121(string endpoint)
    {
        Assert.Equal((400, -1121), Code(_h.Error(endpoint, ("symbol", "NOPEUSDT"))));
    }

    [Fact]
    public void ReferencePriceCalculation_StatusOutsideTradingHaltBreak_ReturnsMinus1130()
    {
        Assert.Equal((400, -1130), Code(_h.Error("referencePrice.calculation", ("symbol", "BTCUSDT"), ("symbolStatus", "PRE_TRADING"))));
    }

    private static string[] RuleSymbols(JsonElement rules) =>
        [.. rules.GetProperty("symbolRules").EnumerateArray().Select(r => r.GetProperty("symbol").GetString()!)];

    [Fact]
    public void ExecutionRules_EverySymbolOfExchangeInfo_WithNoRule()
    {
        var listed = _h.Json("exchangeInfo").GetProperty("symbols").EnumerateArray().Select(s => s.GetProperty("symbol").GetString()!).ToArray();

        var rules = _h.Json("executionRules");

        Assert.Equal(listed, RuleSymbols(rules));
        Assert.All(rules.GetProperty("symbolRules").EnumerateArray(), r => Assert.Equal(0, r.GetProperty("rules").GetArrayLength()));
    }

    [Fact]
    public void ExecutionRules_BySymbolSymbolsOrStatus_SelectsThoseSymbols()
    {
        Assert.Equal(["ETHBTC"], RuleSymbols(_h.Json("executionRules", ("symbol", "ethbtc"))));
        Assert.Equal(["ETHUSDT", "BTCUSDT"], RuleSymbols(_h.Json("executionRules", ("symbols", "[\"ETHUSDT\",\"BTCUSDT\"]"))));
        Assert.Equal(RuleSymbols(_h.Json("executionRules")), RuleSymbols(_h.Json("executionRules", ("symbolStatus", "TRADING"))));
        Assert.Empty(RuleSymbols(_h.Json("executionRules", ("symbolStatus", "HALT"))));
    }

    [Theory]
    [InlineData("symbol", "BTCUSDT", "symbolStatus", "TRADING")]
    [InlineData("symbol", "BTCUSDT", "symbols", "[\"ETHUSDT\"]")]
    [InlineData("symbols", "[\"ETHUSDT\"]", "symbolStatus", "HALT")]
    public void ExecutionRules_CombinedParameters_ReturnMinus1128(string k1, string v1, string k2, string v2)
    {
        Assert.Equal((400, -1128), Code(_h.Error("executionRules", (k1, v1), (k2, v2))));
    }

    [Fact]
    public void ExecutionRules_UnknownSymbolOrStatus_AreRefused()
    {
        Assert.Equal((400, -1121), Code(_h.Error("executionRules", ("symbols", "[\"BTCUSDT\",\"NOPEUSDT\"]"))));
        Assert.Equal((400, -1130), Code(_h.Error("executionRules", ("symbolStatus", "END_OF_DAY"))));
    }

    [Fact]
    public void HistoricalBlockTrades_BookTradesAreNotBlockTrades_SoNoneIsListed()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.30000"));

        Assert.NotEqual(0, _h.Json("trades", ("symbol", "BTCUSDT")).GetArrayLength());
        Assert.Equal(0, _h.Json("historicalBlockTrades", ("symbol", "BTCUSDT"), ("fromId", "0")).GetArrayLength());
    }

    [Fact]
    public void HistoricalBlockTrades_WithoutFromId_ReturnsMinus1102_UnknownSymbol_Minus1121()
    {
        Assert.Equal((400, -1102), Code(_h.Error("historicalBlockTrades", ("symbol", "BTCUSDT"))));
        Assert.Equal((400, -1121), Code(_h.Error("historicalBlockTrades", ("symbol", "NOPEUSDT"), ("fromId", "1"))));
    }

    private static readonly string[] MiniFields =
        ["symbol", "openPrice", "highPrice", "lowPrice", "lastPrice", "volume", "quoteVolume", "openTime", "closeTime", "firstId", "lastId", "count"];

    [Fact]
    public void Ticker24h_Mini_HasTheDocumentedMiniFields_WithTheValuesOfFull()
    {
        _h.Json("order.place", ("symbol", "BTCUSDT"), ("side", "BUY"), ("type", "MARKET"), ("quantity", "0.30000"));

        var full = _h.Json("ticker.24hr", ("symbol", "BTCUSDT"));
        var mini = _h.Json("ticker.24hr", ("symbol", "BTCUSDT"), ("type", "MINI"));

        Assert.Equal(MiniFields, mini.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.All(MiniFields, f => Assert.Equal(full.GetProperty(f).GetRawText(), mini.GetProperty(f).GetRawText()));
        Assert.NotEqual(0, mini.GetProperty("count").GetInt64());
    }

    [Fact]
    public void Ticker24h_MiniForSymbolsAndAll_IsAnArrayOfMiniTickers()
    {
        var some = _h.Json("ticker.24hr", ("symbols", "[\"ETHUSDT\",\"BTCUSDT\"]"), ("type", "MINI"));
        var all = _h.Json("ticker.24hr", ("type", "MINI"));

        Assert.Equal(["ETHUSDT", "BTCUSDT"], some.EnumerateArray().Select(t => t.GetProperty("symbol").GetString()!).ToArray());
        Assert.Equal(_h.Exchange.Symbols, all.EnumerateArray().Select(t => t.GetProperty("symbol").GetString()!).ToArray());
        Assert.All(some.EnumerateArray().Concat(all.EnumerateArray()), t => Assert.Equal(MiniFields, t.EnumerateObject().Select(p => p.Name).ToArray()));
    }

    [Fact]
    public void Ticker24h_UnknownType_ReturnsMinus1130()
    {
        Assert.Equal((400, -1130), Code(_h.Error("ticker.24hr", ("symbol", "BTCUSDT"), ("type", "TINY"))));
    }

    [Fact]
    public void PriceAndBookTickers_AllSymbols_AgreeWithTheOneSymbolAnswers()
    {
        var prices = _h.Json("ticker.price");
        var books = _h.Json("ticker.book");

        Assert.Equal(_h.Exchange.Symbols, prices.EnumerateArray().Select(t => t.GetProperty("symbol").GetString()!).ToArray());
        Assert.All(prices.EnumerateArray(), t => Assert.Equal(_h.Json("ticker.price", ("symbol", t.GetProperty("symbol").GetString()!)).GetRawText(), t.GetRawText()));
        Assert.All(books.EnumerateArray(), t => Assert.Equal(_h.Json("ticker.book", ("symbol", t.GetProperty("symbol").GetString()!)).GetRawText(), t.GetRawText()));
    }

    [Fact]
    public async Task TypedClient_OverTheMock_ReadsEveryNewCall_FromTheMocksOwnState()
    {
        using var client = new BinanceRestClient(_h.Transport, _h.Time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);
        var placed = await client.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.01m));

        var commission = await client.GetCommissionRatesAsync("BTCUSDT");
        var counts = await client.GetUnfilledOrderCountAsync();
        var prevented = await client.GetPreventedMatchesByOrderAsync("BTCUSDT", placed.ExchangeOrderId);
        var filters = await client.GetAccountFiltersAsync("BTCUSDT");
        var rules = await client.GetExecutionRulesForSymbolsAsync(["BTCUSDT", "ETHUSDT"]);
        var blocks = await client.GetHistoricalBlockTradesAsync("BTCUSDT", 0);
        var minis = await client.GetAllTickers24hAsync(mini: true);
        var prices = await client.GetPricesAsync();
        var books = await client.GetBookTickersAsync(["ETHBTC"]);
        var noReference = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetReferencePriceAsync("BTCUSDT"));

        Assert.Equal((0.0002m, 0.00075m), (commission.StandardCommission.Maker, commission.StandardCommission.Taker));
        Assert.All(placed.Fills, f => Assert.Equal(decimal.Round(f.Quantity * commission.StandardCommission.Taker, 8, MidpointRounding.ToZero), f.Commission));
        Assert.Equal([1, 1], counts.Select(c => c.Count).ToArray());
        Assert.Empty(prevented);
        Assert.Equal((await client.GetSymbolRulesAsync("BTCUSDT")).Filters, filters.SymbolFilters);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], rules.SymbolRules.Select(r => r.Symbol).ToArray());
        Assert.Empty(blocks);
        Assert.Equal(_h.Exchange.Symbols, minis.Select(t => t.Symbol).ToArray());
        Assert.All(minis, t => Assert.Null(t.PriceChange));
        Assert.Equal(_h.Exchange.Symbols, prices.Select(p => p.Symbol).ToArray());
        Assert.Equal("ETHBTC", Assert.Single(books).Symbol);
        Assert.Equal(-2043, noReference.BinanceCode);
    }
}
