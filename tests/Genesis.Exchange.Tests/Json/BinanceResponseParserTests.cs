using System.Text;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Json;

public sealed class BinanceResponseParserTests
{
    [Fact]
    public void ServerTime_Example()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), BinanceResponseParser.ParseServerTime(TestPaths.Example("rest-api__Check-server-time.json")));
    }

    [Fact]
    public void ExchangeInfo_Example_ParsesSymbolAndIgnoresEmptyRateLimit()
    {
        var info = BinanceResponseParser.ParseExchangeInfo(TestPaths.Example("rest-api__Exchange-information.json"));

        var eth = info.GetSymbol("ETHBTC");
        Assert.Equal(SymbolStatus.Trading, eth.Status);
        Assert.Equal("ETH", eth.BaseAsset);
        Assert.Equal("BTC", eth.QuoteAsset);
        Assert.Contains(OrderType.TakeProfitLimit, eth.OrderTypes);
        Assert.True(eth.IcebergAllowed);
        Assert.Empty(info.RateLimits);
    }

    [Fact]
    public void ExchangeInfo_WithEveryFilterUnknownStatusAndABrokenSymbol_KeepsTheRest()
    {
        const string json = """
        {"timezone":"UTC","serverTime":1565246363776,
         "rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,"limit":6000},
                       {"rateLimitType":"ORDERS","interval":"SECOND","intervalNum":10,"limit":100},
                       {"rateLimitType":"ORDERS","interval":"DAY","intervalNum":1,"limit":200000},
                       {"rateLimitType":"RAW_REQUESTS","interval":"MINUTE","intervalNum":5,"limit":61000},
                       {"rateLimitType":"NEW_KIND","interval":"WEEK","intervalNum":1,"limit":5}],
         "symbols":[
          {"symbol":"BTCUSDT","status":"TRADING","baseAsset":"BTC","quoteAsset":"USDT","orderTypes":["LIMIT","MARKET","SOMETHING_NEW"],
           "filters":[
            {"filterType":"PRICE_FILTER","minPrice":"0.01000000","maxPrice":"1000000.00000000","tickSize":"0.01000000"},
            {"filterType":"LOT_SIZE","minQty":"0.00001000","maxQty":"9000.00000000","stepSize":"0.00001000"},
            {"filterType":"MARKET_LOT_SIZE","minQty":"0.00000000","maxQty":"100.00000000","stepSize":"0.00000000"},
            {"filterType":"MIN_NOTIONAL","minNotional":"5.00000000","applyToMarket":true,"avgPriceMins":5},
            {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5},
            {"filterType":"PERCENT_PRICE","multiplierUp":"5","multiplierDown":"0.2","avgPriceMins":5},
            {"filterType":"PERCENT_PRICE_BY_SIDE","bidMultiplierUp":"5","bidMultiplierDown":"0.2","askMultiplierUp":"5","askMultiplierDown":"0.2","avgPriceMins":1},
            {"filterType":"ICEBERG_PARTS","limit":10},
            {"filterType":"MAX_NUM_ORDERS","maxNumOrders":200},
            {"filterType":"MAX_NUM_ALGO_ORDERS","maxNumAlgoOrders":5},
            {"filterType":"MAX_NUM_ICEBERG_ORDERS","maxNumIcebergOrders":5},
            {"filterType":"MAX_POSITION","maxPosition":"10.00000000"},
            {"filterType":"TRAILING_DELTA","minTrailingAboveDelta":10,"maxTrailingAboveDelta":2000,"minTrailingBelowDelta":10,"maxTrailingBelowDelta":2000},
            {"filterType":"SHINY_NEW_FILTER","x":"1"}]},
          {"symbol":"ODDUSDT","status":"CANCEL_ONLY","filters":[]},
          {"symbol":"NEWUSDT","status":"SOME_FUTURE_STATUS","filters":[]},
          {"symbol":"BADUSDT","status":"TRADING","filters":[{"filterType":"PRICE_FILTER","minPrice":"NaN","maxPrice":"1","tickSize":"0.1"}]}
         ]}
        """;
        var skipped = new List<string>();

        var info = BinanceResponseParser.ParseExchangeInfo(Encoding.UTF8.GetBytes(json), skipped);

        Assert.Equal(5, info.RateLimits.Count);
        Assert.Equal(RateLimitType.Unknown, info.RateLimits[4].Type);
        Assert.Equal("10S", info.RateLimits[1].HeaderSuffix);
        Assert.Equal(TimeSpan.FromMinutes(5), info.RateLimits[3].Window);
        var btc = info.GetSymbol("BTCUSDT");
        Assert.Equal(14, btc.Filters.Count);
        Assert.Equal(0.01m, btc.GetFilter<PriceFilter>()!.TickSize);
        Assert.Equal(0.00001m, btc.GetFilter<LotSizeFilter>()!.StepSize);
        Assert.Equal(100m, btc.GetFilter<MarketLotSizeFilter>()!.MaxQuantity);
        Assert.Equal(5m, btc.GetFilter<MinNotionalFilter>()!.MinNotional);
        Assert.Equal(9000000m, btc.GetFilter<NotionalFilter>()!.MaxNotional);
        Assert.Equal(0.2m, btc.GetFilter<PercentPriceFilter>()!.MultiplierDown);
        Assert.Equal(1, btc.GetFilter<PercentPriceBySideFilter>()!.AveragePriceMinutes);
        Assert.Equal(10, btc.GetFilter<IcebergPartsFilter>()!.Limit);
        Assert.Equal(200, btc.GetFilter<MaxNumOrdersFilter>()!.MaxNumOrders);
        Assert.Equal(5, btc.GetFilter<MaxNumAlgoOrdersFilter>()!.MaxNumAlgoOrders);
        Assert.Equal(5, btc.GetFilter<MaxNumIcebergOrdersFilter>()!.MaxNumIcebergOrders);
        Assert.Equal(10m, btc.GetFilter<MaxPositionFilter>()!.MaxPosition);
        Assert.Equal(2000, btc.GetFilter<TrailingDeltaFilter>()!.MaxTrailingBelowDelta);
        Assert.Equal("SHINY_NEW_FILTER", btc.GetFilter<UnknownFilter>()!.FilterType);
        Assert.Equal([OrderType.Limit, OrderType.Market, OrderType.Unknown], btc.OrderTypes);
        Assert.Equal(["LIMIT", "MARKET", "SOMETHING_NEW"], btc.RawOrderTypes);
        Assert.Equal(SymbolStatus.CancelOnly, info.GetSymbol("ODDUSDT").Status);
        Assert.Equal(SymbolStatus.Unknown, info.GetSymbol("NEWUSDT").Status);
        Assert.Equal("SOME_FUTURE_STATUS", info.GetSymbol("NEWUSDT").RawStatus);
        Assert.False(info.Symbols.ContainsKey("BADUSDT"));
        Assert.Single(skipped);
        Assert.Contains("BADUSDT", skipped[0], StringComparison.Ordinal);
    }

    [Fact]
    public void OrderBook_Example()
    {
        var book = BinanceResponseParser.ParseOrderBook("BNBBTC", TestPaths.Example("rest-api__Order-book.json"));

        Assert.Equal(1027024, book.LastUpdateId);
        Assert.Equal(new OrderBookLevel(4.00000000m, 431.00000000m), book.Bids[0]);
        Assert.Equal(new OrderBookLevel(4.00000200m, 12.00000000m), book.Asks[0]);
    }

    [Theory]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[[\"NaN\",\"1\"]],\"asks\":[]}")]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[[\"-1.0\",\"1\"]],\"asks\":[]}")]
    [InlineData("{\"lastUpdateId\":1,\"bids\":[[\"1.0\",\"1\"]],\"asks\":[")]
    [InlineData("{\"bids\":[],\"asks\":[]}")]
    [InlineData("<html><body>502 Bad Gateway</body></html>")]
    public void OrderBook_BadInput_IsMalformedResponse(string json)
    {
        Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseOrderBook("X", Encoding.UTF8.GetBytes(json)));
    }

    [Theory]
    [InlineData("rest-api__Recent-trades-list.json")]
    [InlineData("rest-api__Old-trade-lookup.json")]
    public void Trades_Examples(string file)
    {
        var trade = Assert.Single(BinanceResponseParser.ParseTrades(TestPaths.Example(file)));

        Assert.Equal(28457, trade.Id);
        Assert.Equal(4.00000100m, trade.Price);
        Assert.Equal(12m, trade.Quantity);
        Assert.Equal(48.000012m, trade.QuoteQuantity);
        Assert.True(trade.IsBuyerMaker);
    }

    [Fact]
    public void AggregateTrades_Example()
    {
        var trade = Assert.Single(BinanceResponseParser.ParseAggregateTrades(TestPaths.Example("rest-api__Compressed-Aggregate-trades-list.json")));

        Assert.Equal(26129, trade.Id);
        Assert.Equal(0.01633102m, trade.Price);
        Assert.Equal(4.70443515m, trade.Quantity);
        Assert.Equal(27781, trade.FirstTradeId);
        Assert.Equal(27781, trade.LastTradeId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1498793709153), trade.Time);
    }

    [Theory]
    [InlineData("rest-api__Kline-Candlestick-data.json")]
    [InlineData("rest-api__UIKlines.json")]
    public void Klines_Examples(string file)
    {
        var k = Assert.Single(BinanceResponseParser.ParseKlines(TestPaths.Example(file)));

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499040000000), k.OpenTime);
        Assert.Equal(0.01634790m, k.Open);
        Assert.Equal(0.80000000m, k.High);
        Assert.Equal(0.01575800m, k.Low);
        Assert.Equal(0.01577100m, k.Close);
        Assert.Equal(148976.11427815m, k.Volume);
        Assert.Equal(308, k.TradeCount);
        Assert.Equal(28.46694368m, k.TakerBuyQuoteVolume);
    }

    [Fact]
    public void AveragePrice_Example()
    {
        var avg = BinanceResponseParser.ParseAveragePrice(TestPaths.Example("rest-api__Current-average-price.json"));

        Assert.Equal(5, avg.Minutes);
        Assert.Equal(9.35751834m, avg.Price);
    }

    [Theory]
    [InlineData("rest-api__24hr-ticker-price-change-statistics__Response-FULL.json")]
    [InlineData("rest-api__24hr-ticker-price-change-statistics__Response-FULL_1.json")]
    [InlineData("rest-api__24hr-ticker-price-change-statistics__Response-MINI.json")]
    [InlineData("rest-api__24hr-ticker-price-change-statistics__Response-MINI_1.json")]
    [InlineData("rest-api__Trading-Day-Ticker__Response-FULL.json")]
    [InlineData("rest-api__Trading-Day-Ticker__Response-MINI.json")]
    [InlineData("rest-api__Rolling-window-price-change-statistics__Response-FULL.json")]
    [InlineData("rest-api__Rolling-window-price-change-statistics__Response-MINI.json")]
    public void Tickers_Examples(string file)
    {
        var tickers = BinanceResponseParser.ParseTickers24h(TestPaths.Example(file));

        Assert.NotEmpty(tickers);
        Assert.All(tickers, t =>
        {
            Assert.False(string.IsNullOrEmpty(t.Symbol));
            Assert.True(t.LastPrice > 0);
            Assert.True(t.HighPrice >= t.LowPrice);
        });
    }

    [Fact]
    public void Ticker24h_FullExample_Values()
    {
        var t = BinanceResponseParser.ParseTicker24h(TestPaths.Example("rest-api__24hr-ticker-price-change-statistics__Response-FULL.json"));

        Assert.Equal("BNBBTC", t.Symbol);
        Assert.Equal(-94.99999800m, t.PriceChange);
        Assert.Equal(-95.960m, t.PriceChangePercent);
        Assert.Equal(4.00000200m, t.LastPrice);
        Assert.Equal(15.30000000m, t.QuoteVolume);
        Assert.Equal(76, t.TradeCount);
    }

    [Fact]
    public void PriceTickers_Examples()
    {
        Assert.Equal(4.00000200m, Assert.Single(BinanceResponseParser.ParsePriceTickers(TestPaths.Example("rest-api__Symbol-price-ticker.json"))).Price);
        var many = BinanceResponseParser.ParsePriceTickers(TestPaths.Example("rest-api__Symbol-price-ticker_1.json"));
        Assert.Equal(["LTCBTC", "ETHBTC"], many.Select(t => t.Symbol));
    }

    [Fact]
    public void BookTickers_Examples()
    {
        var one = Assert.Single(BinanceResponseParser.ParseBookTickers(TestPaths.Example("rest-api__Symbol-order-book-ticker.json")));
        Assert.Equal(4.00000000m, one.BidPrice);
        Assert.Equal(4.00000200m, one.AskPrice);
        Assert.Equal(2, BinanceResponseParser.ParseBookTickers(TestPaths.Example("rest-api__Symbol-order-book-ticker_1.json")).Count);
    }

    [Fact]
    public void Account_Example()
    {
        var account = BinanceResponseParser.ParseAccount(TestPaths.Example("rest-api__Account-information-USER-DATA.json"));

        Assert.Equal(0.0015m, account.MakerCommissionRate);
        Assert.True(account.CanTrade);
        Assert.Equal(4723846.89208129m, account.GetBalance("BTC").Free);
        Assert.Equal(0m, account.GetBalance("XRP").Total);
        Assert.Equal(["SPOT"], account.Permissions);
    }

    [Fact]
    public void NewOrder_Ack_Result_Full()
    {
        var ack = BinanceResponseParser.ParseOrder(TestPaths.Example("rest-api__New-order-TRADE__Response-ACK.json"));
        Assert.Equal(28, ack.ExchangeOrderId);
        Assert.Equal("6gCrw2kRUAF9CvJDGP16IP", ack.ClientOrderId);
        Assert.Equal(OrderStatus.New, ack.Status);

        var result = BinanceResponseParser.ParseOrder(TestPaths.Example("rest-api__New-order-TRADE__Response-RESULT.json"));
        Assert.Equal(OrderStatus.Filled, result.Status);
        Assert.Equal(OrderType.Market, result.Type);
        Assert.Equal(OrderSide.Sell, result.Side);

        var full = BinanceResponseParser.ParseOrder(TestPaths.Example("rest-api__New-order-TRADE__Response-FULL.json"));
        Assert.Equal(5, full.Fills.Count);
        Assert.Equal(4000m, full.Fills[0].Price);
        Assert.Equal(19.995m, full.Fills[1].Commission);
        Assert.Equal("USDT", full.Fills[0].CommissionAsset);
        Assert.Equal(10m, full.FilledQuantity);
    }

    [Fact]
    public void CancelOrder_Example_UsesTheCanceledOrdersClientId()
    {
        var order = BinanceResponseParser.ParseOrder(TestPaths.Example("rest-api__Cancel-order-TRADE.json"));

        Assert.Equal("myOrder1", order.ClientOrderId);
        Assert.Equal(OrderStatus.Canceled, order.Status);
        Assert.Equal(2m, order.Price);
        Assert.Equal(TimeInForce.Gtc, order.TimeInForce);
    }

    [Theory]
    [InlineData("rest-api__Current-open-orders-USER-DATA.json")]
    [InlineData("rest-api__All-orders-USER-DATA.json")]
    public void OrderLists_Examples(string file)
    {
        var order = Assert.Single(BinanceResponseParser.ParseOrders(TestPaths.Example(file)));

        Assert.Equal("LTCBTC", order.Symbol);
        Assert.Equal(1, order.ExchangeOrderId);
        Assert.Equal("myOrder1", order.ClientOrderId);
        Assert.Equal(0.1m, order.Price);
        Assert.Equal(OrderStatus.New, order.Status);
    }

    [Fact]
    public void QueryOrder_Example()
    {
        var order = BinanceResponseParser.ParseOrder(TestPaths.Example("rest-api__Query-order-USER-DATA.json"));

        Assert.Equal("myOrder1", order.ClientOrderId);
        Assert.Equal(OrderType.Limit, order.Type);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1499827319559), order.Time);
    }

    [Fact]
    public void AccountTrades_Example()
    {
        var trade = Assert.Single(BinanceResponseParser.ParseAccountTrades(TestPaths.Example("rest-api__Account-trade-list-USER-DATA.json")));

        Assert.Equal("BNBBTC", trade.Symbol);
        Assert.Equal(28457, trade.Id);
        Assert.Equal(100234, trade.OrderId);
        Assert.Equal(10.10000000m, trade.Commission);
        Assert.Equal("BNB", trade.CommissionAsset);
        Assert.True(trade.IsBuyer);
    }

    [Fact]
    public void TestOrder_Examples()
    {
        Assert.Empty(BinanceResponseParser.ParseTestOrder(TestPaths.Example("rest-api__Test-new-order-TRADE.json")).StandardCommission);
        var rates = BinanceResponseParser.ParseTestOrder(TestPaths.Example("rest-api__Test-new-order-TRADE_1.json")).StandardCommission;
        Assert.Equal(0.00000112m, rates["maker"]);
    }

    [Theory]
    [InlineData("[{\"id\":1,\"price\":\"1e400\",\"qty\":\"1\",\"time\":1}]")]
    [InlineData("[{\"id\":1,\"price\":\"Infinity\",\"qty\":\"1\",\"time\":1}]")]
    [InlineData("[{\"id\":1,\"price\":\"-0.5\",\"qty\":\"1\",\"time\":1}]")]
    [InlineData("[{\"id\":1,\"price\":1.5,\"qty\":true,\"time\":1}]")]
    [InlineData("[{\"id\":1,\"qty\":\"1\",\"time\":1}]")]
    [InlineData("{\"id\":1}")]
    [InlineData("[{\"id\":1,\"price\":\"1\",\"qty\":\"1\",\"time\":1}")]
    [InlineData("")]
    public void Trades_BadValues_AreMalformedResponse(string json)
    {
        var ex = Assert.Throws<MalformedResponseException>(() => BinanceResponseParser.ParseTrades(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith("Malformed exchange response", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownEnumValuesAndFields_DoNotFail()
    {
        const string json = """{"symbol":"BTCUSDT","orderId":1,"clientOrderId":"a","status":"BRAND_NEW_STATUS","type":"FANCY","side":"BOTH","timeInForce":"GTX","newField":{"x":[1,2]},"transactTime":1}""";

        var order = BinanceResponseParser.ParseOrder(Encoding.UTF8.GetBytes(json));

        Assert.Equal(OrderStatus.Unknown, order.Status);
        Assert.Equal(OrderType.Unknown, order.Type);
        Assert.Equal(OrderSide.Unknown, order.Side);
        Assert.Equal(TimeInForce.Unknown, order.TimeInForce);
    }
}
