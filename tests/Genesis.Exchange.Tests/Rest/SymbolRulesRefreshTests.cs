using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

/// <summary>Symbol status is not frozen for the 24 h of the exchange info cache.</summary>
public sealed class SymbolRulesRefreshTests
{
    private const string BrokenSymbol = """
        {"symbol":"BADUSDT","status":"TRADING","baseAsset":"BAD","quoteAsset":"USDT","orderTypes":["LIMIT"],
         "filters":[{"filterType":"LOT_SIZE","minQty":"not-a-number","maxQty":"1","stepSize":"0.1"}]}
        """;

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    // The status the exchange reports for BTCUSDT when asked for that symbol alone.
    private string _btcStatus = "TRADING";

    private static string Symbol(string name, string status) => $$"""
        {"symbol":"{{name}}","status":"{{status}}","baseAsset":"BTC","quoteAsset":"USDT","orderTypes":["LIMIT","MARKET"],
         "filters":[{"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000000","tickSize":"0.01"},
                    {"filterType":"LOT_SIZE","minQty":"0.00001","maxQty":"9000","stepSize":"0.00001"}]}
        """;

    private static string Info(params string[] symbols) =>
        $$"""{"timezone":"UTC","serverTime":1700000000000,"rateLimits":[],"symbols":[{{string.Join(',', symbols)}}]}""";

    private BinanceRestClient Client(ScriptedTransport transport, Action<GenesisExchangeOptions>? configure = null)
    {
        var options = new GenesisExchangeOptions();
        configure?.Invoke(options);
        return new BinanceRestClient(transport, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    private ExchangeResponse Exchange(ExchangeRequest request, Func<ExchangeRequest, ExchangeResponse>? orders = null)
    {
        if (request.Endpoint.Name != "exchangeInfo")
        {
            return orders?.Invoke(request) ?? throw new InvalidOperationException($"unexpected {request.Endpoint.Name}");
        }

        return request.GetParameter("symbol") switch
        {
            null => ScriptedTransport.Json(Info(Symbol("BTCUSDT", "TRADING"), BrokenSymbol)),
            "BTCUSDT" => ScriptedTransport.Json(Info(Symbol("BTCUSDT", _btcStatus))),
            "BADUSDT" => ScriptedTransport.Json(Info(BrokenSymbol)),
            _ => ScriptedTransport.Json("""{"code":-1121,"msg":"Invalid symbol."}""", 400),
        };
    }

    private static int SymbolFetches(ScriptedTransport t, string symbol) =>
        t.Requests.Count(r => r.Endpoint.Name == "exchangeInfo" && r.GetParameter("symbol") == symbol);

    [Fact]
    public async Task GetSymbolRules_WithinRefreshInterval_UsesTheCachedRules()
    {
        var transport = new ScriptedTransport(r => Exchange(r));
        using var client = Client(transport);

        await client.GetSymbolRulesAsync("BTCUSDT");
        _time.Advance(TimeSpan.FromMinutes(4));
        var rules = await client.GetSymbolRulesAsync("BTCUSDT");

        Assert.Equal(SymbolStatus.Trading, rules.Status);
        Assert.Single(transport.Requests);
    }

    [Fact]
    public async Task GetSymbolRules_AfterRefreshInterval_FetchesThatSymbolAgain_AndSeesTheNewStatus()
    {
        var transport = new ScriptedTransport(r => Exchange(r));
        using var client = Client(transport);
        await client.GetSymbolRulesAsync("BTCUSDT");

        _btcStatus = "BREAK";
        _time.Advance(TimeSpan.FromMinutes(5));
        var rules = await client.GetSymbolRulesAsync("BTCUSDT");

        Assert.Equal(SymbolStatus.Break, rules.Status);
        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));
        Assert.Equal(2, transport.Requests.Count);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(SymbolStatus.Break, (await client.GetSymbolRulesAsync("BTCUSDT")).Status);
        Assert.Equal(2, transport.Requests.Count);
    }

    [Fact]
    public async Task GetSymbolRules_RefreshIntervalIsAnOption()
    {
        var transport = new ScriptedTransport(r => Exchange(r));
        using var client = Client(transport, o => o.SymbolStatusRefreshInterval = TimeSpan.FromSeconds(30));
        await client.GetSymbolRulesAsync("BTCUSDT");

        _time.Advance(TimeSpan.FromSeconds(31));
        await client.GetSymbolRulesAsync("BTCUSDT");

        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));
    }

    [Theory]
    [InlineData(-1013, "Market is closed.")]
    [InlineData(-2010, "Market is closed.")]
    [InlineData(-1121, "Invalid symbol.")]
    [InlineData(-1013, "Filter failure: PRICE_FILTER")]
    public async Task PlaceOrder_RejectedAsNotTrading_MakesTheNextCallFetchTheSymbolsRules(int code, string message)
    {
        var transport = new ScriptedTransport(r => Exchange(r, _ => ScriptedTransport.Json($$"""{"code":{{code}},"msg":"{{message}}"}""", 400)));
        using var client = Client(transport);
        await Assert.ThrowsAnyAsync<ExchangeException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));
        Assert.Equal(0, SymbolFetches(transport, "BTCUSDT"));

        _btcStatus = "HALT";
        var rules = await client.GetSymbolRulesAsync("BTCUSDT");

        Assert.Equal(SymbolStatus.Halt, rules.Status);
        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));
    }

    [Fact]
    public async Task PlaceOrder_AfterMarketClosedRejection_IsStoppedLocallyByTheRefreshedStatus()
    {
        var transport = new ScriptedTransport(r => Exchange(r, _ => ScriptedTransport.Json("""{"code":-2010,"msg":"Market is closed."}""", 400)));
        using var client = Client(transport);
        await Assert.ThrowsAnyAsync<ExchangeException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));
        _btcStatus = "BREAK";

        var ex = await Assert.ThrowsAsync<SymbolNotTradingException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));

        Assert.Equal(SymbolStatus.Break, ex.Status);
        Assert.Equal(1, transport.Requests.Count(r => r.Endpoint.Name == "order.place"));
    }

    [Fact]
    public async Task PlaceOrder_RejectedForAnotherReason_KeepsTheCachedRules()
    {
        var transport = new ScriptedTransport(r => Exchange(r, _ => ScriptedTransport.Json("""{"code":-2010,"msg":"Account has insufficient balance for requested action."}""", 400)));
        using var client = Client(transport);
        await Assert.ThrowsAsync<InsufficientBalanceException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));

        await client.GetSymbolRulesAsync("BTCUSDT");

        Assert.Equal(0, SymbolFetches(transport, "BTCUSDT"));
    }

    [Fact]
    public async Task PlaceOrder_OnLocallyNotTradingSymbol_LooksAgainAtMostEveryFewSeconds()
    {
        _btcStatus = "BREAK";
        // Once the symbol trades again the order goes out; the exchange's answer (a plain rejection) shows it was sent.
        var transport = new ScriptedTransport(r => Exchange(r, _ => ScriptedTransport.Json("""{"code":-2010,"msg":"Account has insufficient balance for requested action."}""", 400)));
        using var client = Client(transport, o => o.SymbolStatusRefreshInterval = TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(2));
        await client.GetExchangeInfoAsync();
        _time.Advance(TimeSpan.FromSeconds(2));
        await Assert.ThrowsAsync<SymbolNotTradingException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));
        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));

        for (var i = 0; i < 10; i++)
        {
            await Assert.ThrowsAsync<SymbolNotTradingException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));
        }

        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));
        _btcStatus = "TRADING";
        _time.Advance(TimeSpan.FromSeconds(5));
        await Assert.ThrowsAsync<InsufficientBalanceException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));
        Assert.Equal(2, SymbolFetches(transport, "BTCUSDT"));
        Assert.Equal(1, transport.Requests.Count(r => r.Endpoint.CountsAsOrder));
    }

    [Fact]
    public async Task GetSymbolRules_SymbolThatFailedToParse_ThrowsTypedErrorNamingSymbolAndProblem()
    {
        using var client = Client(new ScriptedTransport(r => Exchange(r)));

        var ex = await Assert.ThrowsAsync<SymbolRulesUnavailableException>(() => client.GetSymbolRulesAsync("badusdt"));

        Assert.Equal("BADUSDT", ex.Symbol);
        Assert.Contains("minQty", ex.Message, StringComparison.Ordinal);
        Assert.Equal(SymbolStatus.Trading, (await client.GetSymbolRulesAsync("BTCUSDT")).Status);
    }

    [Fact]
    public async Task PlaceOrder_SymbolThatFailedToParse_IsRefusedBeforeSending()
    {
        var transport = new ScriptedTransport(r => Exchange(r, _ => throw new InvalidOperationException("must not send")));
        using var client = Client(transport);

        await Assert.ThrowsAsync<SymbolRulesUnavailableException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BADUSDT", OrderSide.Buy, 1m, 1m)));

        Assert.DoesNotContain(transport.Requests, r => r.Endpoint.Name == "order.place");
    }

    [Fact]
    public async Task GetExchangeInfo_ListsTheSymbolsThatFailedWithTheirReasons()
    {
        using var client = Client(new ScriptedTransport(r => Exchange(r)));

        var info = await client.GetExchangeInfoAsync();

        var failure = Assert.Single(info.FailedSymbols);
        Assert.Equal("BADUSDT", failure.Symbol);
        Assert.Contains("minQty", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetSymbolRules_UnlistedSymbol_IsNotAskedForOnEveryCall()
    {
        var transport = new ScriptedTransport(r => Exchange(r));
        using var client = Client(transport);
        await client.GetExchangeInfoAsync();
        _time.Advance(TimeSpan.FromMinutes(10));

        for (var i = 0; i < 5; i++)
        {
            var ex = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetSymbolRulesAsync("GONEUSDT"));
            Assert.Equal(-1121, ex.BinanceCode);
        }

        Assert.Equal(1, SymbolFetches(transport, "GONEUSDT"));
    }

    [Fact]
    public async Task GetSymbolRules_SymbolDelistedSinceTheFullLoad_IsRefusedNotServedFromOldRules()
    {
        var delisted = false;
        var transport = new ScriptedTransport(r => delisted && r.GetParameter("symbol") == "BTCUSDT"
            ? ScriptedTransport.Json("""{"code":-1121,"msg":"Invalid symbol."}""", 400)
            : Exchange(r));
        using var client = Client(transport);
        await client.GetExchangeInfoAsync();
        delisted = true;
        _time.Advance(TimeSpan.FromMinutes(6));

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetSymbolRulesAsync("BTCUSDT"));
        var again = await Assert.ThrowsAsync<ExchangeValidationException>(() => client.GetSymbolRulesAsync("BTCUSDT"));

        Assert.Equal(-1121, again.BinanceCode);
        Assert.Equal(1, SymbolFetches(transport, "BTCUSDT"));
    }
}
