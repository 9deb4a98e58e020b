using System.Text.Json;
using Genesis.Exchange.Binance.Json;
using Genesis.Exchange.Tests.Support;

namespace Genesis.Exchange.Tests.Models;

/// <summary>
/// Every example response of the docs (copies under <c>tests/fixtures/responses</c>, see its SOURCE.md) parses with
/// the library's parser, and every field of the JSON, recursively, is a member of the model holding the same value.
/// A field the model does not expose, or a value that differs, fails the test with the JSON path of the field.
/// </summary>
public sealed class ResponseFieldCoverageTests
{
    private static string ResponsesFolder => Path.Combine(TestPaths.Fixtures, "responses");

    /// <summary>Which parser reads which fixture (the parser the REST client uses for that endpoint).</summary>
    private static readonly Dictionary<string, Func<byte[], object?>> Parsers = new(StringComparer.Ordinal)
    {
        ["rest-api__Test-connectivity.json"] = _ => null, // GET /api/v3/ping answers {}: nothing to model.
        ["rest-api__Check-server-time.json"] = json => new { ServerTime = BinanceResponseParser.ParseServerTime(json) },
        ["rest-api__Exchange-information.json"] = json => BinanceResponseParser.ParseExchangeInfo(json),
        ["exchange-info__with-filters-and-rate-limits.json"] = json => BinanceResponseParser.ParseExchangeInfo(json),
        ["rest-api__Order-book.json"] = json => BinanceResponseParser.ParseOrderBook("BNBBTC", json),
        ["rest-api__Recent-trades-list.json"] = json => BinanceResponseParser.ParseTrades(json),
        ["rest-api__Old-trade-lookup.json"] = json => BinanceResponseParser.ParseTrades(json),
        ["rest-api__Compressed-Aggregate-trades-list.json"] = json => BinanceResponseParser.ParseAggregateTrades(json),
        ["rest-api__Kline-Candlestick-data.json"] = json => BinanceResponseParser.ParseKlines(json),
        ["rest-api__Current-average-price.json"] = json => BinanceResponseParser.ParseAveragePrice(json),
        ["rest-api__24hr-ticker-price-change-statistics__Response-FULL.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__24hr-ticker-price-change-statistics__Response-FULL_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__24hr-ticker-price-change-statistics__Response-MINI.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__24hr-ticker-price-change-statistics__Response-MINI_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__Symbol-price-ticker.json"] = json => BinanceResponseParser.ParsePriceTickers(json)[0],
        ["rest-api__Symbol-price-ticker_1.json"] = json => BinanceResponseParser.ParsePriceTickers(json),
        ["rest-api__Symbol-order-book-ticker.json"] = json => BinanceResponseParser.ParseBookTickers(json)[0],
        ["rest-api__Symbol-order-book-ticker_1.json"] = json => BinanceResponseParser.ParseBookTickers(json),
        ["rest-api__Account-information-USER-DATA.json"] = json => BinanceResponseParser.ParseAccount(json),
        ["rest-api__New-order-TRADE__Response-ACK.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__New-order-TRADE__Response-RESULT.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__New-order-TRADE__Response-FULL.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__Query-order-USER-DATA.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["order__with-conditional-fields.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__Cancel-order-TRADE.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__Test-new-order-TRADE.json"] = json => BinanceResponseParser.ParseTestOrder(json),
        ["rest-api__Test-new-order-TRADE_1.json"] = json => BinanceResponseParser.ParseTestOrder(json),
        ["rest-api__Current-open-orders-USER-DATA.json"] = json => BinanceResponseParser.ParseOrders(json),
        ["rest-api__All-orders-USER-DATA.json"] = json => BinanceResponseParser.ParseOrders(json),
        ["rest-api__Account-trade-list-USER-DATA.json"] = json => BinanceResponseParser.ParseAccountTrades(json),

        // Read by the same parsers, for the endpoints issue 12 adds (ticker, ticker/tradingDay, uiKlines, sor/order, sor/order/test).
        ["rest-api__Rolling-window-price-change-statistics__Response-FULL.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__Rolling-window-price-change-statistics__Response-FULL_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__Rolling-window-price-change-statistics__Response-MINI.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__Rolling-window-price-change-statistics__Response-MINI_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__Trading-Day-Ticker__Response-FULL.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__Trading-Day-Ticker__Response-FULL_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__Trading-Day-Ticker__Response-MINI.json"] = json => BinanceResponseParser.ParseTicker24h(json),
        ["rest-api__Trading-Day-Ticker__Response-MINI_1.json"] = json => BinanceResponseParser.ParseTickers24h(json),
        ["rest-api__UIKlines.json"] = json => BinanceResponseParser.ParseKlines(json),
        ["rest-api__New-order-using-SOR-TRADE.json"] = json => BinanceResponseParser.ParseOrder(json),
        ["rest-api__Test-new-order-using-SOR-TRADE_1.json"] = json => BinanceResponseParser.ParseTestOrder(json),

        // Issue 12 part 2, account and market-data breadth (AccountBreadth.cs / MarketDataBreadth.cs models).
        ["rest-api__Query-Commission-Rates-USER-DATA.json"] = json => BinanceResponseParser.ParseAccountCommission(json),
        ["rest-api__Query-Unfilled-Order-Count-USER-DATA.json"] = json => BinanceResponseParser.ParseUnfilledOrderCounts(json),
        ["rest-api__Query-Prevented-Matches-USER-DATA.json"] = json => BinanceResponseParser.ParsePreventedMatches(json),
        ["rest-api__Query-relevant-filters-USER-DATA.json"] = json => BinanceResponseParser.ParseAccountFilters(json),
        ["rest-api__Query-Reference-Price.json"] = json => BinanceResponseParser.ParseReferencePrice(json),
        ["rest-api__Query-Reference-Price_1.json"] = json => BinanceResponseParser.ParseReferencePrice(json),
        ["rest-api__Query-Reference-Price-Calculation_1.json"] = json => BinanceResponseParser.ParseReferencePriceCalculation(json),
        ["rest-api__Query-Reference-Price-Calculation_2.json"] = json => BinanceResponseParser.ParseReferencePriceCalculation(json),
        ["rest-api__Query-Execution-Rules.json"] = json => BinanceResponseParser.ParseExecutionRules(json),
        ["rest-api__Historical-Block-Trades.json"] = json => BinanceResponseParser.ParseBlockTrades(json),
        // Trading endpoints of issue 12 part 2 (cancel all, cancel-replace, amend, allocations): single orders then order lists, in the JSON's order.
        ["rest-api__Cancel-All-Open-Orders-on-a-Symbol-TRADE.json"] = json =>
        {
            var r = BinanceResponseParser.ParseCancelOpenOrders(json);
            return r.Orders.Cast<object>().Concat(r.OrderLists).ToList();
        },
        ["cancel-replace__both-succeeded.json"] = json => BinanceResponseParser.ParseCancelReplace(json),
        ["rest-api__Order-Amend-Keep-Priority-TRADE.json"] = json => BinanceResponseParser.ParseAmendOrder(json),
        ["rest-api__Order-Amend-Keep-Priority-TRADE_1.json"] = json => BinanceResponseParser.ParseAmendOrder(json),
        ["rest-api__Query-Order-Amendments-USER-DATA.json"] = json => BinanceResponseParser.ParseOrderAmendments(json),
        ["rest-api__Query-Allocations-USER-DATA.json"] = json => BinanceResponseParser.ParseAllocations(json),
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-Fails-with-STOP-ON-FAILURE-and-ac.json"] = CancelReplaceFailure,
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-Succeeds-but-New-Order-Placement-.json"] = CancelReplaceFailure,
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-fails-with-ALLOW-FAILURE-and-acco.json"] = CancelReplaceFailure,
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-both-Cancel-Order-and-New-Order-Placement-fail.json"] = CancelReplaceFailure,
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-using-orderRateLimitExceededMode-CANCEL-ONLY-a.json"] = CancelReplaceFailure,
        // Order lists (issue 12): placement, query, cancel, open and all lists.
        ["rest-api__New-Order-list-OCO-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__Query-Order-list-USER-DATA.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__Cancel-Order-list-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__Query-Open-Order-lists-USER-DATA.json"] = json => BinanceResponseParser.ParseOrderLists(json),
        ["rest-api__Query-all-Order-lists-USER-DATA.json"] = json => BinanceResponseParser.ParseOrderLists(json),
        ["rest-api__New-Order-list-OTO-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__New-Order-list-OTOCO-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__New-Order-List-OPO-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
        ["rest-api__New-Order-List-OPOCO-TRADE.json"] = json => BinanceResponseParser.ParseOrderList(json),
    };

    /// <summary>
    /// Per fixture, names that differ from the model type's usual map. A cancel response names the canceled order's
    /// id <c>origClientOrderId</c>; its own <c>clientOrderId</c> is the id of the cancel request.
    /// </summary>
    private static readonly Dictionary<string, Dictionary<string, string>> FixtureNames = new(StringComparer.Ordinal)
    {
        ["rest-api__Cancel-order-TRADE.json"] = new(StringComparer.Ordinal)
        {
            ["origClientOrderId"] = "ClientOrderId",
            ["clientOrderId"] = "CancelClientOrderId",
        },
        ["rest-api__Cancel-Order-list-TRADE.json"] = new(StringComparer.Ordinal)
        {
            ["origClientOrderId"] = "ClientOrderId",
            ["clientOrderId"] = "CancelClientOrderId",
        },
    };

    /// <summary>A -2021/-2022 cancel-replace error: its code and message, and the result read from its <c>data</c>.</summary>
    private static object CancelReplaceFailure(byte[] json)
    {
        var f = BinanceResponseParser.ParseCancelReplaceFailure(json)!.Value;
        return new { f.Code, Msg = f.Message, Data = f.Result };
    }

    private static readonly Dictionary<string, string> AmendedOrderNames = new(StringComparer.Ordinal)
    {
        ["qty"] = "Quantity", ["executedQty"] = "ExecutedQuantity", ["preventedQty"] = "PreventedQuantity",
        ["quoteOrderQty"] = "QuoteOrderQuantity", ["cumulativeQuoteQty"] = "CumulativeQuoteQuantity",
    };

    private static readonly Dictionary<string, string> AmendmentNames = new(StringComparer.Ordinal)
    {
        ["origQty"] = "OriginalQuantity", ["newQty"] = "NewQuantity",
    };

    private static readonly Dictionary<string, string> ErrorNames = new(StringComparer.Ordinal) { ["msg"] = "Message" };

    /// <summary>Cancel reports below the root: <c>origClientOrderId</c> is the canceled order's id, <c>clientOrderId</c> the cancel's.</summary>
    private static readonly Dictionary<string, string> CancelReportNames = new(StringComparer.Ordinal)
    {
        ["origClientOrderId"] = "ClientOrderId",
        ["clientOrderId"] = "CancelClientOrderId",
    };

    /// <summary>Per fixture, names that differ from the model type's usual map for the object at a JSON path below the root.</summary>
    private static readonly Dictionary<string, Dictionary<string, Dictionary<string, string>>> FixturePathNames = new(StringComparer.Ordinal)
    {
        ["rest-api__Cancel-All-Open-Orders-on-a-Symbol-TRADE.json"] = new(StringComparer.Ordinal)
        {
            ["$[0]"] = CancelReportNames, ["$[1]"] = CancelReportNames,
            ["$[2].orderReports[0]"] = CancelReportNames, ["$[2].orderReports[1]"] = CancelReportNames,
        },
        ["cancel-replace__both-succeeded.json"] = new(StringComparer.Ordinal) { ["$.cancelResponse"] = CancelReportNames },
        ["rest-api__Order-Amend-Keep-Priority-TRADE.json"] = new(StringComparer.Ordinal) { ["$.amendedOrder"] = AmendedOrderNames },
        ["rest-api__Order-Amend-Keep-Priority-TRADE_1.json"] = new(StringComparer.Ordinal) { ["$.amendedOrder"] = AmendedOrderNames },
        ["rest-api__Query-Order-Amendments-USER-DATA.json"] = new(StringComparer.Ordinal) { ["$[0]"] = AmendmentNames, ["$[1]"] = AmendmentNames },
        ["rest-api__Query-Allocations-USER-DATA.json"] = new(StringComparer.Ordinal)
        {
            ["$[0]"] = new(StringComparer.Ordinal) { ["qty"] = "Quantity", ["quoteQty"] = "QuoteQuantity" },
        },
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-Fails-with-STOP-ON-FAILURE-and-ac.json"] = new(StringComparer.Ordinal)
        {
            ["$.data"] = new(StringComparer.Ordinal) { ["cancelResponse"] = "CancelError" }, ["$.data.cancelResponse"] = ErrorNames,
        },
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-Succeeds-but-New-Order-Placement-.json"] = new(StringComparer.Ordinal)
        {
            ["$.data"] = new(StringComparer.Ordinal) { ["newOrderResponse"] = "NewOrderError" },
            ["$.data.cancelResponse"] = CancelReportNames, ["$.data.newOrderResponse"] = ErrorNames,
        },
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-Cancel-Order-fails-with-ALLOW-FAILURE-and-acco.json"] = new(StringComparer.Ordinal)
        {
            ["$.data"] = new(StringComparer.Ordinal) { ["cancelResponse"] = "CancelError" }, ["$.data.cancelResponse"] = ErrorNames,
        },
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-both-Cancel-Order-and-New-Order-Placement-fail.json"] = new(StringComparer.Ordinal)
        {
            ["$.data"] = new(StringComparer.Ordinal) { ["cancelResponse"] = "CancelError", ["newOrderResponse"] = "NewOrderError" },
            ["$.data.cancelResponse"] = ErrorNames, ["$.data.newOrderResponse"] = ErrorNames,
        },
        ["rest-api__Cancel-an-Existing-Order-and-Send-a-New-Order-TRADE__Response-when-using-orderRateLimitExceededMode-CANCEL-ONLY-a.json"] = new(StringComparer.Ordinal)
        {
            ["$.data"] = new(StringComparer.Ordinal) { ["newOrderResponse"] = "NewOrderError" },
            ["$.data.cancelResponse"] = CancelReportNames, ["$.data.newOrderResponse"] = ErrorNames,
        },
    };

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var name in Parsers.Keys.Order(StringComparer.Ordinal))
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void EveryResponseFixture_HasAParser()
    {
        var files = Directory.GetFiles(ResponsesFolder, "*.json").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(files, Parsers.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Model_ExposesEveryFieldOfTheDocsExample_WithTheSameValue(string fixture)
    {
        var bytes = File.ReadAllBytes(Path.Combine(ResponsesFolder, fixture));
        var model = Parsers[fixture](bytes);
        using var doc = JsonDocument.Parse(bytes);

        var failures = new List<string>();
        if (model is null)
        {
            Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            Assert.Empty(doc.RootElement.EnumerateObject());
            return;
        }

        new ModelFieldWalker(FixtureNames.GetValueOrDefault(fixture), failures, FixturePathNames.GetValueOrDefault(fixture)).Compare(doc.RootElement, model, model.GetType(), "$");
        Assert.True(failures.Count == 0, $"{fixture}: {failures.Count} field(s) not exposed or different:\n  " + string.Join("\n  ", failures));
    }

    [Fact]
    public void Walker_FailsNamingTheField_WhenTheModelDoesNotExposeIt()
    {
        // The walker must be able to fail: a field no model member carries is reported by its JSON path.
        var bytes = "{\"symbol\":\"LTCBTC\",\"price\":\"4.00000200\",\"brandNewField\":7}"u8.ToArray();
        var model = BinanceResponseParser.ParsePriceTickers(bytes)[0];
        using var doc = JsonDocument.Parse(bytes);
        var failures = new List<string>();

        new ModelFieldWalker(null, failures).Compare(doc.RootElement, model, model.GetType(), "$");

        var failure = Assert.Single(failures);
        Assert.Contains("$.brandNewField", failure, StringComparison.Ordinal);
        Assert.Contains("PriceTicker", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Walker_FailsNamingTheField_WhenTheValueDiffers()
    {
        var bytes = "{\"symbol\":\"LTCBTC\",\"price\":\"4.00000200\"}"u8.ToArray();
        var model = BinanceResponseParser.ParsePriceTickers(bytes)[0] with { Price = 4.000002m + 0.00000001m };
        using var doc = JsonDocument.Parse(bytes);
        var failures = new List<string>();

        new ModelFieldWalker(null, failures).Compare(doc.RootElement, model, model.GetType(), "$");

        var failure = Assert.Single(failures);
        Assert.Contains("$.price", failure, StringComparison.Ordinal);
    }
}
