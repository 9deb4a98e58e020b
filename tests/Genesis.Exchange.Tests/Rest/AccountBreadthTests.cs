using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>
/// Requests (path, parameters, weight) and parsing of the account and market-data endpoints of issue 12 part 2: commission
/// rates, unfilled order count, prevented matches, my filters, reference price, execution rules, block trades, tickers.
/// </summary>
public sealed class AccountBreadthTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private BinanceRestClient Client(ScriptedTransport transport) =>
        new(transport, _time, new GenesisExchangeOptions(), NullLogger<BinanceRestClient>.Instance);

    private static ScriptedTransport Answering(string json) => new(_ => ScriptedTransport.Json(json));

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(TestPaths.Fixtures, "responses", name));

    [Fact]
    public async Task GetCommissionRates_SendsSignedSymbolQuery_WithWeightTwenty()
    {
        var transport = Answering(Fixture("rest-api__Query-Commission-Rates-USER-DATA.json"));
        using var client = Client(transport);

        await client.GetCommissionRatesAsync(" btcusdt ");

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/account/commission", request.Endpoint.Path);
        Assert.Equal(EndpointSecurity.UserData, request.Endpoint.Security);
        Assert.True(request.Endpoint.IsIdempotent);
        Assert.Equal("symbol=BTCUSDT", QueryString.Build(request.Parameters));
        Assert.Equal(20, request.Weight);
    }

    [Fact]
    public async Task GetCommissionRates_ParsesDocumentedExample()
    {
        using var client = Client(Answering(Fixture("rest-api__Query-Commission-Rates-USER-DATA.json")));

        var rates = await client.GetCommissionRatesAsync("BTCUSDT");

        Assert.Equal("BTCUSDT", rates.Symbol);
        Assert.Equal(new CommissionRates(0.00000010m, 0.00000020m, 0.00000030m, 0.00000040m), rates.StandardCommission);
        Assert.Equal(new CommissionRates(0.01m, 0.02m, 0.03m, 0.04m), rates.SpecialCommission);
        Assert.Equal(new CommissionRates(0.00000112m, 0.00000114m, 0.00000118m, 0.00000116m), rates.TaxCommission);
        Assert.Equal(new CommissionDiscount(true, true, "BNB", 0.75m), rates.Discount);
    }

    [Theory]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"specialCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"taxCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"discount\":{\"enabledForAccount\":false,\"enabledForSymbol\":false,\"discountAsset\":\"BNB\",\"discount\":\"0\"}}")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"standardCommission\":{\"maker\":\"0.001\"},\"specialCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"taxCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"discount\":{\"enabledForAccount\":false,\"enabledForSymbol\":false,\"discountAsset\":\"BNB\",\"discount\":\"0\"}}")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"standardCommission\":{\"maker\":\"-0.001\",\"taker\":\"0.001\"},\"specialCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"taxCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"discount\":{\"enabledForAccount\":false,\"enabledForSymbol\":false,\"discountAsset\":\"BNB\",\"discount\":\"0\"}}")]
    [InlineData("{\"symbol\":\"BTCUSDT\",\"standardCommission\":{\"maker\":\"0.001\",\"taker\":\"0.001\"},\"specialCommission\":{\"maker\":\"0\",\"taker\":\"0\"},\"taxCommission\":{\"maker\":\"0\",\"taker\":\"0\"}}")]
    public async Task GetCommissionRates_MissingOrNegativeRate_IsMalformed_NeverZero(string json)
    {
        using var client = Client(Answering(json));

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetCommissionRatesAsync("BTCUSDT"));
    }

    [Fact]
    public async Task GetUnfilledOrderCount_SendsSignedRequestWithoutParameters_WithWeightForty()
    {
        var transport = Answering(Fixture("rest-api__Query-Unfilled-Order-Count-USER-DATA.json"));
        using var client = Client(transport);

        await client.GetUnfilledOrderCountAsync();

        var request = Assert.Single(transport.Requests);
        Assert.Equal("GET", request.Endpoint.HttpMethod.Method);
        Assert.Equal("/api/v3/rateLimit/order", request.Endpoint.Path);
        Assert.Equal(EndpointSecurity.UserData, request.Endpoint.Security);
        Assert.False(request.Endpoint.CountsAsOrder);
        Assert.Empty(request.Parameters);
        Assert.Equal(40, request.Weight);
    }

    [Fact]
    public async Task GetUnfilledOrderCount_ParsesDocumentedExample_WithWindows()
    {
        using var client = Client(Answering(Fixture("rest-api__Query-Unfilled-Order-Count-USER-DATA.json")));

        var counts = await client.GetUnfilledOrderCountAsync();

        Assert.Equal(2, counts.Count);
        Assert.Equal((RateLimitType.Orders, RateLimitInterval.Second, 10, 50, 0), (counts[0].RateLimitType, counts[0].Interval, counts[0].IntervalNum, counts[0].Limit, counts[0].Count));
        Assert.Equal(TimeSpan.FromSeconds(10), counts[0].Window);
        Assert.Equal(50, counts[0].Remaining);
        Assert.Equal((RateLimitType.Orders, RateLimitInterval.Day, 1, 160000, 0), (counts[1].RateLimitType, counts[1].Interval, counts[1].IntervalNum, counts[1].Limit, counts[1].Count));
        Assert.Equal(TimeSpan.FromDays(1), counts[1].Window);
    }

    [Fact]
    public async Task GetUnfilledOrderCount_UnknownTypeOrInterval_IsUnknown_AndKeepsTheWireValue()
    {
        using var client = Client(Answering("[{\"rateLimitType\":\"ORDERS_V2\",\"interval\":\"WEEK\",\"intervalNum\":1,\"limit\":9,\"count\":12}]"));

        var count = Assert.Single(await client.GetUnfilledOrderCountAsync());

        Assert.Equal((RateLimitType.Unknown, "ORDERS_V2"), (count.RateLimitType, count.RawRateLimitType));
        Assert.Equal((RateLimitInterval.Unknown, "WEEK"), (count.Interval, count.RawInterval));
        Assert.Equal(TimeSpan.Zero, count.Window);
        Assert.Equal(0, count.Remaining);
    }

    [Theory]
    [InlineData("[{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":50,\"count\":-1}]")]
    [InlineData("[{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"limit\":50,\"count\":1}]")]
    [InlineData("{\"rateLimitType\":\"ORDERS\",\"interval\":\"SECOND\",\"intervalNum\":10,\"limit\":50,\"count\":1}")]
    public async Task GetUnfilledOrderCount_NegativeCountMissingWindowOrNotAnArray_IsMalformed(string json)
    {
        using var client = Client(Answering(json));

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetUnfilledOrderCountAsync());
    }

    [Fact]
    public async Task GetPreventedMatchesById_SendsSymbolAndId_WithWeightTwo()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetPreventedMatchesByIdAsync("btcusdt", 42);

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/myPreventedMatches", request.Endpoint.Path);
        Assert.Equal(EndpointSecurity.UserData, request.Endpoint.Security);
        Assert.Equal("symbol=BTCUSDT&preventedMatchId=42", QueryString.Build(request.Parameters));
        Assert.Equal(2, request.Weight);
    }

    [Theory]
    [InlineData(null, null, "symbol=BTCUSDT&orderId=7")]
    [InlineData(3L, null, "symbol=BTCUSDT&orderId=7&fromPreventedMatchId=3")]
    [InlineData(3L, 1000, "symbol=BTCUSDT&orderId=7&fromPreventedMatchId=3&limit=1000")]
    public async Task GetPreventedMatchesByOrder_SendsDocumentedCombination_WithWeightTwenty(long? fromId, int? limit, string query)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetPreventedMatchesByOrderAsync("BTCUSDT", 7, fromId, limit);

        var request = Assert.Single(transport.Requests);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(20, request.Weight);
    }

    [Fact]
    public async Task GetPreventedMatchesByOrder_LimitWithoutFromId_IsRefusedWithoutSending()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>("limit", () => client.GetPreventedMatchesByOrderAsync("BTCUSDT", 7, limit: 10));

        Assert.Empty(transport.Requests);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task GetPreventedMatchesByOrder_LimitOutOfRange_IsRefusedWithoutSending(int limit)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetPreventedMatchesByOrderAsync("BTCUSDT", 7, 1, limit));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetPreventedMatches_ParsesDocumentedExample()
    {
        using var client = Client(Answering(Fixture("rest-api__Query-Prevented-Matches-USER-DATA.json")));

        var match = Assert.Single(await client.GetPreventedMatchesByIdAsync("BTCUSDT", 1));

        Assert.Equal(("BTCUSDT", 1L, 5L, "BTCUSDT", 3L, 1L), (match.Symbol, match.PreventedMatchId, match.TakerOrderId, match.MakerSymbol, match.MakerOrderId, match.TradeGroupId));
        Assert.Equal((SelfTradePreventionMode.ExpireMaker, "EXPIRE_MAKER"), (match.SelfTradePreventionMode, match.RawSelfTradePreventionMode));
        Assert.Equal((1.1m, 1.3m), (match.Price, match.MakerPreventedQuantity));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1669101687094), match.TransactTime);
    }

    [Fact]
    public async Task GetPreventedMatches_UnknownModeAndNoMakerSymbol_AreKept()
    {
        using var client = Client(Answering("[{\"symbol\":\"BTCUSDT\",\"preventedMatchId\":2,\"takerOrderId\":5,\"makerOrderId\":3,\"tradeGroupId\":1,\"selfTradePreventionMode\":\"EXPIRE_ALL\",\"price\":\"1\",\"makerPreventedQuantity\":\"2\",\"transactTime\":1669101687094}]"));

        var match = Assert.Single(await client.GetPreventedMatchesByOrderAsync("BTCUSDT", 5));

        Assert.Equal((SelfTradePreventionMode.Unknown, "EXPIRE_ALL"), (match.SelfTradePreventionMode, match.RawSelfTradePreventionMode));
        Assert.Null(match.MakerSymbol);
    }

    [Fact]
    public async Task GetAccountFilters_SendsSignedSymbolQuery_WithWeightForty()
    {
        var transport = Answering(Fixture("rest-api__Query-relevant-filters-USER-DATA.json"));
        using var client = Client(transport);

        await client.GetAccountFiltersAsync("ethusdt");

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/myFilters", request.Endpoint.Path);
        Assert.Equal(EndpointSecurity.UserData, request.Endpoint.Security);
        Assert.Equal("symbol=ETHUSDT", QueryString.Build(request.Parameters));
        Assert.Equal(40, request.Weight);
    }

    [Fact]
    public async Task GetAccountFilters_ParsesDocumentedExample_IntoTypedFilters()
    {
        using var client = Client(Answering(Fixture("rest-api__Query-relevant-filters-USER-DATA.json")));

        var filters = await client.GetAccountFiltersAsync("BTCUSDT");

        Assert.Equal(new ExchangeMaxNumOrdersFilter(1000), Assert.Single(filters.ExchangeFilters));
        Assert.Equal(new MaxNumOrderListsFilter(20), Assert.Single(filters.SymbolFilters));
        Assert.Equal(new MaxAssetFilter("JPY", 1_000_000m), Assert.Single(filters.AssetFilters));
    }

    [Fact]
    public async Task GetAccountFilters_UnknownOrUnreadableFilter_IsKeptWhole()
    {
        const string Json = "{\"exchangeFilters\":[{\"filterType\":\"EXCHANGE_MAX_NEW\",\"x\":1}],\"symbolFilters\":[],\"assetFilters\":[{\"filterType\":\"MAX_ASSET\",\"asset\":\"JPY\",\"limit\":\"-5\"}]}";
        using var client = Client(Answering(Json));

        var filters = await client.GetAccountFiltersAsync("BTCUSDT");

        var unknown = Assert.IsType<UnknownFilter>(Assert.Single(filters.ExchangeFilters));
        Assert.Equal("EXCHANGE_MAX_NEW", unknown.FilterType);
        var unreadable = Assert.IsType<UnknownFilter>(Assert.Single(filters.AssetFilters));
        Assert.Equal("MAX_ASSET", unreadable.FilterType);
        Assert.Contains("\"-5\"", unreadable.RawJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAccountFilters_MissingList_IsMalformed()
    {
        using var client = Client(Answering("{\"exchangeFilters\":[],\"symbolFilters\":[]}"));

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetAccountFiltersAsync("BTCUSDT"));
    }

    [Fact]
    public async Task GetReferencePrice_SendsSymbol_WithWeightTwo_AndParsesDocumentedExamples()
    {
        var transport = new ScriptedTransport()
            .ThenJson(Fixture("rest-api__Query-Reference-Price.json"))
            .ThenJson(Fixture("rest-api__Query-Reference-Price_1.json"));
        using var client = Client(transport);

        var set = await client.GetReferencePriceAsync("bazusd");
        var unset = await client.GetReferencePriceAsync("BAZUSD");

        Assert.Equal(new SymbolReferencePrice("BAZUSD", 10.00m, DateTimeOffset.FromUnixTimeMilliseconds(1770736694138)), set);
        Assert.Equal(new SymbolReferencePrice("BAZUSD", null, DateTimeOffset.FromUnixTimeMilliseconds(1770736694138)), unset);
        var request = transport.Requests[0];
        Assert.Equal(("/api/v3/referencePrice", EndpointSecurity.None, "symbol=BAZUSD", 2), (request.Endpoint.Path, request.Endpoint.Security, QueryString.Build(request.Parameters), request.Weight));
    }

    [Fact]
    public async Task GetReferencePrice_NeverSet_ThrowsValidationWithCodeMinus2043()
    {
        using var client = Client(new ScriptedTransport().ThenJson("{\"code\":-2043,\"msg\":\"This symbol doesn't have a reference price.\"}", 400));

        var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetReferencePriceAsync("BTCUSDT"));

        Assert.Equal(-2043, ex.BinanceCode);
    }

    [Theory]
    [InlineData("{\"symbol\":\"BAZUSD\",\"timestamp\":1770736694138}")]
    [InlineData("{\"symbol\":\"BAZUSD\",\"referencePrice\":\"-1\",\"timestamp\":1770736694138}")]
    [InlineData("{\"symbol\":\"BAZUSD\",\"referencePrice\":\"10\"}")]
    public async Task GetReferencePrice_MissingOrNegativePrice_OrNoTimestamp_IsMalformed(string json)
    {
        using var client = Client(Answering(json));

        await Assert.ThrowsAsync<MalformedResponseException>(() => client.GetReferencePriceAsync("BAZUSD"));
    }

    [Theory]
    [InlineData(null, "symbol=BAZUSD")]
    [InlineData(SymbolStatus.Trading, "symbol=BAZUSD&symbolStatus=TRADING")]
    [InlineData(SymbolStatus.Halt, "symbol=BAZUSD&symbolStatus=HALT")]
    [InlineData(SymbolStatus.Break, "symbol=BAZUSD&symbolStatus=BREAK")]
    public async Task GetReferencePriceCalculation_SendsSymbolAndStatus_WithWeightTwo(SymbolStatus? status, string query)
    {
        var transport = Answering(Fixture("rest-api__Query-Reference-Price-Calculation_1.json"));
        using var client = Client(transport);

        await client.GetReferencePriceCalculationAsync("BAZUSD", status);

        var request = Assert.Single(transport.Requests);
        Assert.Equal(("/api/v3/referencePrice/calculation", query, 2), (request.Endpoint.Path, QueryString.Build(request.Parameters), request.Weight));
    }

    [Theory]
    [InlineData(SymbolStatus.PreTrading)]
    [InlineData(SymbolStatus.CancelOnly)]
    [InlineData(SymbolStatus.Unknown)]
    public async Task GetReferencePriceCalculation_StatusBinanceDoesNotTake_IsRefusedWithoutSending(SymbolStatus status)
    {
        var transport = Answering("{}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("symbolStatus", () => client.GetReferencePriceCalculationAsync("BAZUSD", status));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetReferencePriceCalculation_ParsesBothDocumentedKinds_AndKeepsAnUnknownOne()
    {
        var transport = new ScriptedTransport()
            .ThenJson(Fixture("rest-api__Query-Reference-Price-Calculation_1.json"))
            .ThenJson(Fixture("rest-api__Query-Reference-Price-Calculation_2.json"))
            .ThenJson("{\"symbol\":\"BAZUSD\",\"calculationType\":\"MEDIAN\"}");
        using var client = Client(transport);

        var mean = await client.GetReferencePriceCalculationAsync("BAZUSD");
        var external = await client.GetReferencePriceCalculationAsync("BAZUSD");
        var unknown = await client.GetReferencePriceCalculationAsync("BAZUSD");

        Assert.Equal((ReferencePriceCalculationType.ArithmeticMean, 10, TimeSpan.FromSeconds(1), (long?)null), (mean.CalculationType, mean.BucketCount, mean.BucketWidth, mean.ExternalCalculationId));
        Assert.Equal((ReferencePriceCalculationType.External, (int?)null, 42L), (external.CalculationType, external.BucketCount, external.ExternalCalculationId));
        Assert.Equal((ReferencePriceCalculationType.Unknown, "MEDIAN"), (unknown.CalculationType, unknown.RawCalculationType));
    }

    [Fact]
    public async Task GetExecutionRules_ParsesDocumentedExample_IntoAPriceRangeRule()
    {
        using var client = Client(Answering(Fixture("rest-api__Query-Execution-Rules.json")));

        var rules = await client.GetExecutionRulesAsync("BAZUSD");

        var symbol = Assert.Single(rules.SymbolRules);
        Assert.Equal("BAZUSD", symbol.Symbol);
        Assert.Equal(new PriceRangeExecutionRule(1.0001m, 0.9999m, 1.0001m, 0.9999m), Assert.Single(symbol.Rules));
    }

    [Fact]
    public async Task GetExecutionRules_MissingMultiplier_IsNull_UnknownRule_IsKeptWhole()
    {
        const string Json = "{\"symbolRules\":[{\"symbol\":\"BAZUSD\",\"rules\":[{\"ruleType\":\"PRICE_RANGE\",\"bidLimitMultUp\":\"2\"},{\"ruleType\":\"TIME_WINDOW\",\"from\":1}]}]}";
        using var client = Client(Answering(Json));

        var rules = (await client.GetExecutionRulesAsync("BAZUSD")).SymbolRules[0].Rules;

        Assert.Equal(new PriceRangeExecutionRule(2m, null, null, null), rules[0]);
        var unknown = Assert.IsType<UnknownExecutionRule>(rules[1]);
        Assert.Equal(("TIME_WINDOW", "{\"ruleType\":\"TIME_WINDOW\",\"from\":1}"), (unknown.RuleType, unknown.RawJson));
    }

    [Fact]
    public async Task GetExecutionRules_SendsOneParameterOnly_WithTheDocumentedWeight()
    {
        var transport = Answering("{\"symbolRules\":[]}");
        using var client = Client(transport);
        var many = Enumerable.Range(0, 25).Select(i => $"s{i}usdt").ToArray();

        await client.GetExecutionRulesAsync("bazusd");
        await client.GetExecutionRulesForSymbolsAsync(["bazusd", "btcusdt"]);
        await client.GetExecutionRulesForSymbolsAsync(many);
        await client.GetAllExecutionRulesAsync(SymbolStatus.Halt);
        await client.GetAllExecutionRulesAsync();

        Assert.All(transport.Requests, r => Assert.Equal(("/api/v3/executionRules", EndpointSecurity.None), (r.Endpoint.Path, r.Endpoint.Security)));
        Assert.Equal(
            ["symbol=BAZUSD", "symbols=%5B%22BAZUSD%22%2C%22BTCUSDT%22%5D", "symbolStatus=HALT", string.Empty],
            transport.Requests.Where((_, i) => i != 2).Select(r => QueryString.Build(r.Parameters)).ToArray());
        Assert.Equal(25, Assert.Single(transport.Requests[2].Parameters).Value.Split(',').Length);
        Assert.Equal([2, 4, 40, 40, 40], transport.Requests.Select(r => r.Weight).ToArray());
    }

    [Fact]
    public async Task GetExecutionRules_NoSymbols_OrAStatusBinanceDoesNotTake_IsRefusedWithoutSending()
    {
        var transport = Answering("{\"symbolRules\":[]}");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetExecutionRulesForSymbolsAsync([]));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("symbolStatus", () => client.GetAllExecutionRulesAsync(SymbolStatus.EndOfDay));

        Assert.Empty(transport.Requests);
    }

    [Fact]
    public async Task GetHistoricalBlockTrades_SendsSymbolFromIdAndLimit_WithWeightTwentyFive_AndParsesDocumentedExample()
    {
        var transport = Answering(Fixture("rest-api__Historical-Block-Trades.json"));
        using var client = Client(transport);

        var trade = Assert.Single(await client.GetHistoricalBlockTradesAsync("bnbbtc", 582, 10));

        var request = Assert.Single(transport.Requests);
        Assert.Equal(("/api/v3/historicalBlockTrades", EndpointSecurity.None, "symbol=BNBBTC&fromId=582&limit=10", 25), (request.Endpoint.Path, request.Endpoint.Security, QueryString.Build(request.Parameters), request.Weight));
        Assert.Equal(new BlockTrade(582, 0.052m, 5838m, 303.576m, DateTimeOffset.FromUnixTimeMilliseconds(1772506983321), true), trade);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task GetHistoricalBlockTrades_LimitOutOfRange_IsRefusedWithoutSending(int limit)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetHistoricalBlockTradesAsync("BTCUSDT", 1, limit));

        Assert.Empty(transport.Requests);
    }

    private static string[] Names(int count) => [.. Enumerable.Range(0, count).Select(i => $"s{i}usdt")];

    [Theory]
    [InlineData(1, 2)]
    [InlineData(20, 2)]
    [InlineData(21, 40)]
    [InlineData(100, 40)]
    [InlineData(101, 80)]
    public async Task GetMiniTickers24h_SendsSymbolsAndTypeMini_WithTheWeightOfTheSymbolCount(int count, int weight)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetMiniTickers24hAsync(Names(count));

        var request = Assert.Single(transport.Requests);
        Assert.Equal("/api/v3/ticker/24hr", request.Endpoint.Path);
        Assert.Equal(["symbols", "type"], request.Parameters.Select(p => p.Key).ToArray());
        Assert.Equal(count, request.Parameters[0].Value.Split(',').Length);
        Assert.StartsWith("[\"S0USDT\"", request.Parameters[0].Value, StringComparison.Ordinal);
        Assert.Equal("MINI", request.Parameters[1].Value);
        Assert.Equal(weight, request.Weight);
    }

    [Theory]
    [InlineData(false, "")]
    [InlineData(true, "type=MINI")]
    public async Task GetAllTickers24h_SendsNoSymbol_WithWeightEighty(bool mini, string query)
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await client.GetAllTickers24hAsync(mini);

        var request = Assert.Single(transport.Requests);
        Assert.Equal(("/api/v3/ticker/24hr", query, 80), (request.Endpoint.Path, QueryString.Build(request.Parameters), request.Weight));
    }

    [Fact]
    public async Task GetMiniTicker24h_SendsSymbolAndTypeMini_WithWeightTwo_AndParsesDocumentedMiniExample()
    {
        var transport = Answering(Fixture("rest-api__24hr-ticker-price-change-statistics__Response-MINI.json"));
        using var client = Client(transport);

        var ticker = await client.GetMiniTicker24hAsync("bnbbtc");

        var request = Assert.Single(transport.Requests);
        Assert.Equal(("symbol=BNBBTC&type=MINI", 2), (QueryString.Build(request.Parameters), request.Weight));
        Assert.Equal(("BNBBTC", 99m, 100m, 0.1m, 4.000002m, 8913.3m, 15.3m), (ticker.Symbol, ticker.OpenPrice, ticker.HighPrice, ticker.LowPrice, ticker.LastPrice, ticker.Volume, ticker.QuoteVolume));
        Assert.Equal((28385L, 28460L, 76L), (ticker.FirstTradeId, ticker.LastTradeId, ticker.TradeCount));
        Assert.Null(ticker.PriceChange);
        Assert.Null(ticker.PriceChangePercent);
        Assert.Null(ticker.WeightedAveragePrice);
        Assert.Null(ticker.BidPrice);
    }

    [Fact]
    public async Task GetPricesAndBookTickers_SeveralOrAll_SendTheDocumentedQuery_WithWeightFour()
    {
        var transport = new ScriptedTransport()
            .ThenJson(Fixture("rest-api__Symbol-price-ticker_1.json"))
            .ThenJson(Fixture("rest-api__Symbol-price-ticker_1.json"))
            .ThenJson(Fixture("rest-api__Symbol-order-book-ticker_1.json"))
            .ThenJson(Fixture("rest-api__Symbol-order-book-ticker_1.json"));
        using var client = Client(transport);

        var prices = await client.GetPricesAsync(["ltcbtc", "ethbtc"]);
        var allPrices = await client.GetPricesAsync();
        var books = await client.GetBookTickersAsync(["ltcbtc", "ethbtc"]);
        var allBooks = await client.GetBookTickersAsync();

        Assert.Equal(
            [("/api/v3/ticker/price", "symbols=%5B%22LTCBTC%22%2C%22ETHBTC%22%5D"), ("/api/v3/ticker/price", string.Empty), ("/api/v3/ticker/bookTicker", "symbols=%5B%22LTCBTC%22%2C%22ETHBTC%22%5D"), ("/api/v3/ticker/bookTicker", string.Empty)],
            transport.Requests.Select(r => (r.Endpoint.Path, QueryString.Build(r.Parameters))).ToArray());
        Assert.All(transport.Requests, r => Assert.Equal(4, r.Weight));
        Assert.Equal(2, prices.Count);
        Assert.Equal(prices, allPrices);
        Assert.Equal(2, books.Count);
        Assert.Equal(books, allBooks);
    }

    [Fact]
    public async Task MultiSymbolTickers_EmptyList_IsRefusedWithoutSending_NeverReadAsAllSymbols()
    {
        var transport = Answering("[]");
        using var client = Client(transport);

        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetPricesAsync([]));
        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetBookTickersAsync([]));
        await Assert.ThrowsAsync<ArgumentException>("symbols", () => client.GetMiniTickers24hAsync([]));

        Assert.Empty(transport.Requests);
    }
}
