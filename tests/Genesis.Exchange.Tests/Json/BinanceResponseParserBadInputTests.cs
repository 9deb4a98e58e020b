using System.Text;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;

namespace Genesis.Exchange.Tests.Json;

/// <summary>One bad item never spoils the rest; values the docs allow are accepted; nothing absent is made up.</summary>
public sealed class BinanceResponseParserBadInputTests
{
    private const string Good = """
        {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","orderTypes":["LIMIT","MARKET"],
         "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000","tickSize":"0.01"}]}
        """;

    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static byte[] WithBom(string json) => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];

    private static ExchangeInfo Info(params string[] symbols) =>
        BinanceResponseParser.ParseExchangeInfo(Utf8($$"""{"timezone":"UTC","serverTime":1565246363776,"rateLimits":[],"symbols":[{{string.Join(',', symbols)}}]}"""));

    [Fact]
    public void ExchangeInfo_SymbolThatFailsToParse_IsListedWithItsReason_AndTheOthersWork()
    {
        var info = Info(Good, """{"symbol":"BADUSDT","status":"TRADING","filters":[{"filterType":"LOT_SIZE","minQty":"abc","maxQty":"1","stepSize":"0.1"}]}""");

        Assert.Equal(SymbolStatus.Trading, info.GetSymbol("BTCUSDT").Status);
        var failure = Assert.Single(info.FailedSymbols);
        Assert.Equal("BADUSDT", failure.Symbol);
        Assert.Contains("minQty", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GetSymbol_SymbolThatFailedToParse_ThrowsSymbolRulesUnavailableNamingSymbolAndProblem()
    {
        var info = Info(Good, """{"symbol":"BADUSDT","status":"TRADING","filters":[{"filterType":"PRICE_FILTER","minPrice":"NaN","maxPrice":"1","tickSize":"0.1"}]}""");

        var ex = Assert.Throws<SymbolRulesUnavailableException>(() => info.GetSymbol("badusdt"));

        Assert.Equal("BADUSDT", ex.Symbol);
        Assert.Contains("minPrice", ex.Reason, StringComparison.Ordinal);
        Assert.Contains("BADUSDT", ex.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ExchangeException>(ex);
    }

    [Fact]
    public void GetSymbol_SymbolNotListed_StillThrowsValidationWithInvalidSymbolCode()
    {
        var ex = Assert.Throws<ExchangeValidationException>(() => Info(Good).GetSymbol("NOPE"));

        Assert.Equal(-1121, ex.BinanceCode);
    }

    [Fact]
    public void ExchangeInfo_SymbolWithoutAName_IsReportedNotThrown()
    {
        var info = Info(Good, """{"status":"TRADING","symbol":42}""");

        Assert.Single(info.Symbols);
        Assert.Equal("?", Assert.Single(info.FailedSymbols).Symbol);
    }

    [Fact]
    public void ExchangeInfo_UnknownOrderType_IsKeptAsUnknownWithItsRawName()
    {
        var info = Info("""{"symbol":"BTCUSDT","status":"TRADING","orderTypes":["LIMIT","PEGGED_NEW"],"filters":[]}""");

        var rules = info.GetSymbol("BTCUSDT");
        Assert.Equal([OrderType.Limit, OrderType.Unknown], rules.OrderTypes);
        Assert.Equal(["LIMIT", "PEGGED_NEW"], rules.RawOrderTypes);
    }

    [Fact]
    public void ExchangeInfo_PermissionSets_AreKeptWithUnknownNames()
    {
        var info = Info("""{"symbol":"BTCUSDT","status":"TRADING","filters":[],"permissions":[],"permissionSets":[["SPOT","TRD_GRP_999"],["SOMETHING_NEW"]]}""");

        var sets = info.GetSymbol("BTCUSDT").PermissionSets;
        Assert.Equal(2, sets.Count);
        Assert.Equal(["SPOT", "TRD_GRP_999"], sets[0]);
        Assert.Equal(["SOMETHING_NEW"], sets[1]);
    }

    [Fact]
    public void ExchangeInfo_UnknownFilter_KeepsItsRawJson()
    {
        var info = Info("""{"symbol":"BTCUSDT","status":"TRADING","filters":[{"filterType":"SHINY_NEW","x":"1.5"}]}""");

        var filter = info.GetSymbol("BTCUSDT").GetFilter<UnknownFilter>()!;
        Assert.Equal("SHINY_NEW", filter.FilterType);
        Assert.Contains("\"x\":\"1.5\"", filter.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public void ExchangeInfo_UnknownRateLimitType_KeepsRawNames()
    {
        var info = BinanceResponseParser.ParseExchangeInfo(Utf8("""{"rateLimits":[{"rateLimitType":"NEW_KIND","interval":"WEEK","intervalNum":1,"limit":5}],"symbols":[]}"""));

        var limit = Assert.Single(info.RateLimits);
        Assert.Equal(RateLimitType.Unknown, limit.Type);
        Assert.Equal("NEW_KIND", limit.RawType);
        Assert.Equal("WEEK", limit.RawInterval);
    }

    [Theory]
    [InlineData("\"true\"", true)]
    [InlineData("\"false\"", false)]
    [InlineData("true", true)]
    public void ExchangeInfo_BooleanSentAsString_IsParsed(string value, bool expected)
    {
        var info = Info($$"""{"symbol":"BTCUSDT","status":"TRADING","icebergAllowed":{{value}},"filters":[]}""");

        Assert.Equal(expected, info.GetSymbol("BTCUSDT").IcebergAllowed);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("1")]
    [InlineData("{}")]
    public void ExchangeInfo_BooleanThatIsNotABoolean_FailsThatSymbol_NeverBecomesFalse(string value)
    {
        var info = Info(Good, $$"""{"symbol":"ODDUSDT","status":"TRADING","icebergAllowed":{{value}},"filters":[]}""");

        Assert.False(info.Symbols.ContainsKey("ODDUSDT"));
        Assert.Contains("icebergAllowed", Assert.Single(info.FailedSymbols).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ExchangeInfo_FilterFlagSentAsString_IsParsed()
    {
        var info = Info("""{"symbol":"BTCUSDT","status":"TRADING","filters":[{"filterType":"NOTIONAL","minNotional":"5","applyMinToMarket":"false","maxNotional":"100","applyMaxToMarket":"true","avgPriceMins":"5"}]}""");

        var notional = info.GetSymbol("BTCUSDT").GetFilter<NotionalFilter>()!;
        Assert.False(notional.ApplyMinToMarket);
        Assert.True(notional.ApplyMaxToMarket);
        Assert.Equal(5, notional.AveragePriceMinutes);
    }

    [Fact]
    public void Account_BooleanSentAsString_IsParsed()
    {
        var account = BinanceResponseParser.ParseAccount(Utf8("""{"canTrade":"true","canWithdraw":"false","canDeposit":true,"commissionRates":{"maker":"0.001","taker":"0.001"},"balances":[]}"""));

        Assert.True(account.CanTrade);
        Assert.False(account.CanWithdraw);
        Assert.True(account.CanDeposit);
    }

    [Fact]
    public void Account_BooleanThatIsNotABoolean_IsRejected()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseAccount(Utf8("""{"canTrade":"maybe","canWithdraw":true,"canDeposit":true,"commissionRates":{"maker":"0.001","taker":"0.001"},"balances":[]}""")));
    }

    [Fact]
    public void Order_NegativeCumulativeQuoteQuantityOfAHistoricalOrder_IsAcceptedAsNotAvailable()
    {
        var orders = BinanceResponseParser.ParseOrders(Utf8("""
            [{"symbol":"LTCBTC","orderId":1,"clientOrderId":"old","price":"0.1","origQty":"1.0","executedQty":"1.0","cummulativeQuoteQty":"-1.00000000",
              "status":"FILLED","timeInForce":"GTC","type":"LIMIT","side":"BUY","stopPrice":"0.0","time":1499827319559,"updateTime":1499827319559}]
            """));

        var order = Assert.Single(orders);
        Assert.Null(order.CumulativeQuoteQuantity);
        Assert.Null(order.AveragePrice);
        Assert.Equal(1.0m, order.FilledQuantity);
    }

    [Fact]
    public void Order_UnknownStatusTypeAndTimeInForce_KeepTheirRawNames()
    {
        var order = BinanceResponseParser.ParseOrder(Utf8("""
            {"symbol":"BTCUSDT","orderId":1,"clientOrderId":"c","price":"1","origQty":"1","executedQty":"0","cummulativeQuoteQty":"0",
             "status":"PENDING_SOMETHING","timeInForce":"GTD","type":"PEGGED","side":"BUY","time":1499827319559,"updateTime":1499827319559}
            """));

        Assert.Equal(OrderStatus.Unknown, order.Status);
        Assert.Equal("PENDING_SOMETHING", order.RawStatus);
        Assert.Equal(OrderType.Unknown, order.Type);
        Assert.Equal("PEGGED", order.RawType);
        Assert.Equal(TimeInForce.Unknown, order.TimeInForce);
        Assert.Equal("GTD", order.RawTimeInForce);
    }

    [Fact]
    public void Order_AckResponse_LeavesWhatItDoesNotSayNull()
    {
        var order = BinanceResponseParser.ParseOrder(Utf8("""{"symbol":"BTCUSDT","orderId":28,"orderListId":-1,"clientOrderId":"6gCrw2kRUAF9CvJDGP16IP","transactTime":1507725176595}"""));

        Assert.Null(order.Price);
        Assert.Null(order.StopPrice);
        Assert.Null(order.Quantity);
        Assert.Null(order.FilledQuantity);
        Assert.Null(order.CumulativeQuoteQuantity);
        Assert.Null(order.AveragePrice);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1507725176595), order.Time);
    }

    [Fact]
    public void Order_WithoutAnyTime_HasNullTimes()
    {
        var order = BinanceResponseParser.ParseOrder(Utf8("""{"symbol":"BTCUSDT","orderId":28,"clientOrderId":"c","status":"NEW"}"""));

        Assert.Null(order.Time);
        Assert.Null(order.UpdateTime);
    }

    [Fact]
    public void AveragePrice_WithoutCloseTime_HasNullCloseTime()
    {
        var avg = BinanceResponseParser.ParseAveragePrice(Utf8("""{"mins":5,"price":"9.35751834"}"""));

        Assert.Null(avg.CloseTime);
        Assert.Equal(9.35751834m, avg.Price);
    }

    [Fact]
    public void Account_WithoutUpdateTime_HasNullUpdateTime()
    {
        var account = BinanceResponseParser.ParseAccount(Utf8("""{"canTrade":true,"canWithdraw":true,"canDeposit":true,"commissionRates":{"maker":"0.001","taker":"0.001"},"balances":[]}"""));

        Assert.Null(account.UpdateTime);
    }

    [Fact]
    public void ExchangeInfo_WithoutServerTime_HasNullServerTime()
    {
        var info = BinanceResponseParser.ParseExchangeInfo(Utf8("""{"timezone":"UTC","symbols":[]}"""));

        Assert.Null(info.ServerTime);
    }

    [Fact]
    public void Ticker_WithoutWindowTimes_IsRejectedNotDatedYearOne()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseTicker24h(Utf8("""{"symbol":"BTCUSDT","lastPrice":"1.0"}""")));
    }

    [Fact]
    public void IntegerSentAsAnythingButAnInteger_IsRejectedNotDefaulted()
    {
        var info = Info(Good, """{"symbol":"ODDUSDT","status":"TRADING","filters":[{"filterType":"ICEBERG_PARTS","limit":"ten"}]}""");

        Assert.Contains("limit", Assert.Single(info.FailedSymbols).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ServerTime_BodyWithUtf8ByteOrderMark_Parses()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), BinanceResponseParser.ParseServerTime(WithBom("""{"serverTime":1499827319559}""")));
    }

    [Fact]
    public void OrderBook_BodyWithUtf8ByteOrderMark_Parses()
    {
        var book = BinanceResponseParser.ParseOrderBook("BTCUSDT", WithBom("""{"lastUpdateId":7,"bids":[["1.0","2.0"]],"asks":[]}"""));

        Assert.Equal(7, book.LastUpdateId);
        Assert.Equal(new OrderBookLevel(1.0m, 2.0m), book.Bids[0]);
    }

    [Fact]
    public void ExchangeInfo_RateLimitWithoutItsWindowLength_IsRejectedNotGuessed()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseExchangeInfo(Utf8("""{"rateLimits":[{"rateLimitType":"ORDERS","interval":"SECOND","limit":100}],"symbols":[]}""")));
    }

    [Fact]
    public void Order_FillWithoutCommissionDetails_KeepsTheOrderAndLeavesThemNull()
    {
        var order = BinanceResponseParser.ParseOrder(Utf8("""
            {"symbol":"BTCUSDT","orderId":1,"clientOrderId":"c","price":"0","origQty":"1","executedQty":"1","cummulativeQuoteQty":"10",
             "status":"FILLED","type":"MARKET","side":"BUY","transactTime":1499827319559,"fills":[{"price":"10","qty":"1"}]}
            """));

        var fill = Assert.Single(order.Fills);
        Assert.Null(fill.Commission);
        Assert.Null(fill.CommissionAsset);
        Assert.Null(fill.TradeId);
    }

    private static Dictionary<string, object> FullTicker() => new()
    {
        ["symbol"] = "BTCUSDT", ["priceChange"] = "-1", ["priceChangePercent"] = "-0.1", ["weightedAvgPrice"] = "1", ["prevClosePrice"] = "1",
        ["lastPrice"] = "1", ["lastQty"] = "1", ["bidPrice"] = "1", ["bidQty"] = "1", ["askPrice"] = "1", ["askQty"] = "1", ["openPrice"] = "1",
        ["highPrice"] = "1", ["lowPrice"] = "1", ["volume"] = "1", ["quoteVolume"] = "1", ["openTime"] = 1499783499040, ["closeTime"] = 1499869899040,
        ["firstId"] = 28385, ["lastId"] = 28460, ["count"] = 76,
    };

    [Theory]
    [InlineData("lastPrice")]
    [InlineData("openPrice")]
    [InlineData("volume")]
    [InlineData("count")]
    public void Ticker_WithoutAFigureEveryVariantSends_IsRejectedNotZero(string field)
    {
        var ticker = FullTicker();
        ticker.Remove(field);

        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseTicker24h(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ticker)));
    }

    [Fact]
    public void Ticker_MiniVariant_LeavesWhatItDoesNotSendNull()
    {
        var ticker = FullTicker();
        foreach (var field in new[] { "priceChange", "priceChangePercent", "weightedAvgPrice", "prevClosePrice", "lastQty", "bidPrice", "bidQty", "askPrice", "askQty" })
        {
            ticker.Remove(field);
        }

        var parsed = BinanceResponseParser.ParseTicker24h(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ticker));

        Assert.Null(parsed.PriceChange);
        Assert.Null(parsed.PreviousClosePrice);
        Assert.Null(parsed.BidPrice);
        Assert.Null(parsed.AskQuantity);
        Assert.Equal(1m, parsed.LastPrice);
    }

    [Fact]
    public void Account_WithoutAnyCommissionRates_IsRejectedNotZero()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseAccount(Utf8("""{"canTrade":true,"canWithdraw":true,"canDeposit":true,"balances":[]}""")));
    }

    [Fact]
    public void AccountTrade_WithoutCommission_IsRejectedNotZero()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseAccountTrades(Utf8("""
            [{"symbol":"BNBBTC","id":28457,"orderId":100234,"price":"4.00000100","qty":"12.00000000","quoteQty":"48.000012","commissionAsset":"BNB",
              "time":1499865549590,"isBuyer":true,"isMaker":false,"isBestMatch":true}]
            """)));
    }

    [Fact]
    public void Trade_WithoutIsBuyerMaker_IsRejectedNotFalse()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseTrades(Utf8("""[{"id":1,"price":"1","qty":"1","quoteQty":"1","time":1499865549590,"isBestMatch":true}]""")));
    }

    [Fact]
    public void Account_WithoutCanTrade_IsRejectedNotFalse()
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseAccount(Utf8("""{"commissionRates":{"maker":"0.001","taker":"0.001"},"canWithdraw":true,"canDeposit":true,"balances":[]}""")));
    }

    [Fact]
    public void Order_UnknownSide_KeepsItsRawName()
    {
        var order = BinanceResponseParser.ParseOrder(Utf8("""{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"c","status":"NEW","type":"LIMIT","side":"SHORT"}"""));

        Assert.Equal(OrderSide.Unknown, order.Side);
        Assert.Equal("SHORT", order.RawSide);
    }

    [Fact]
    public void ExchangeInfo_SymbolWithInvalidUtf8InAName_FailsOnlyThatSymbol()
    {
        byte[] json =
        [
            .. """{"symbols":["""u8, .. Encoding.UTF8.GetBytes(Good), .. ""","""u8,
            .. """{"symbol":"ODDUSDT","status":"TRADING","baseAsset":"O"""u8, 0xFF, .. """D","filters":[]}]}"""u8,
        ];

        var info = BinanceResponseParser.ParseExchangeInfo(json);

        Assert.True(info.Symbols.ContainsKey("BTCUSDT"));
        Assert.Equal("ODDUSDT", Assert.Single(info.FailedSymbols).Symbol);
    }
}
