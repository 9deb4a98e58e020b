using Genesis.Exchange.Abstractions;
using Genesis.Exchange.Binance.Rest;
using Genesis.Exchange.Errors;
using Genesis.Exchange.Models;
using Genesis.Exchange.Options;
using Genesis.Exchange.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Genesis.Exchange.Tests.Rest;

public sealed class BinanceRestClientTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    private static ExchangeResponse InfoOr(ExchangeRequest r, Func<ExchangeRequest, ExchangeResponse> other) =>
        r.Endpoint.Name == "exchangeInfo" ? ScriptedTransport.Json(TestData.ExchangeInfoJson) : other(r);

    private BinanceRestClient Client(IExchangeTransport transport, Action<GenesisExchangeOptions>? configure = null)
    {
        var options = new GenesisExchangeOptions();
        options.Orders.ReconcileDelay = TimeSpan.FromMilliseconds(10);
        configure?.Invoke(options);
        return new BinanceRestClient(transport, _time, options, NullLogger<BinanceRestClient>.Instance);
    }

    public static TheoryData<string, string, string, string, int> Endpoints() => new()
    {
        { "ping", "GET", "/api/v3/ping", "", 1 },
        { "time", "GET", "/api/v3/time", "", 1 },
        { "exchangeInfo", "GET", "/api/v3/exchangeInfo", "", 20 },
        { "depth100", "GET", "/api/v3/depth", "symbol=BTCUSDT&limit=100", 5 },
        { "depth5000", "GET", "/api/v3/depth", "symbol=BTCUSDT&limit=5000", 250 },
        { "trades", "GET", "/api/v3/trades", "symbol=BTCUSDT&limit=500", 25 },
        { "historical", "GET", "/api/v3/historicalTrades", "symbol=BTCUSDT&limit=1000&fromId=77", 25 },
        { "aggById", "GET", "/api/v3/aggTrades", "symbol=BTCUSDT&fromId=5&limit=500", 4 },
        { "aggByTime", "GET", "/api/v3/aggTrades", "symbol=BTCUSDT&startTime=1700000000000&endTime=1700000060000&limit=500", 4 },
        { "klines", "GET", "/api/v3/klines", "symbol=BTCUSDT&interval=1m&limit=500", 2 },
        { "ticker", "GET", "/api/v3/ticker/24hr", "symbol=BTCUSDT", 2 },
        { "tickers", "GET", "/api/v3/ticker/24hr", "symbols=%5B%22BTCUSDT%22%2C%22ETHUSDT%22%5D", 2 },
        { "price", "GET", "/api/v3/ticker/price", "symbol=BTCUSDT", 2 },
        { "book", "GET", "/api/v3/ticker/bookTicker", "symbol=BTCUSDT", 2 },
        { "avg", "GET", "/api/v3/avgPrice", "symbol=BTCUSDT", 2 },
        { "account", "GET", "/api/v3/account", "omitZeroBalances=true", 20 },
        { "cancel", "DELETE", "/api/v3/order", "symbol=BTCUSDT&origClientOrderId=abc", 1 },
        { "query", "GET", "/api/v3/order", "symbol=BTCUSDT&orderId=9", 4 },
        { "open", "GET", "/api/v3/openOrders", "symbol=BTCUSDT", 6 },
        { "openAll", "GET", "/api/v3/openOrders", "", 80 },
        { "all", "GET", "/api/v3/allOrders", "symbol=BTCUSDT&limit=500", 20 },
        { "myTrades", "GET", "/api/v3/myTrades", "symbol=BTCUSDT&orderId=9&limit=500", 5 },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryEndpoint_BuildsDocumentedRequest(string call, string method, string path, string query, int weight)
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json("{}"));
        using var client = Client(transport);

        await Invoke(client, call);

        var request = transport.Requests[^1];
        Assert.Equal(method, request.Endpoint.HttpMethod.Method);
        Assert.Equal(path, request.Endpoint.Path);
        Assert.Equal(query, QueryString.Build(request.Parameters));
        Assert.Equal(weight, request.Weight);
    }

    private static async Task Invoke(BinanceRestClient c, string call)
    {
        try
        {
            Task task = call switch
            {
                "ping" => c.PingAsync(),
                "time" => c.GetServerTimeAsync(),
                "exchangeInfo" => c.GetExchangeInfoAsync(),
                "depth100" => c.GetOrderBookAsync("btcusdt"),
                "depth5000" => c.GetOrderBookAsync("BTCUSDT", 5000),
                "trades" => c.GetRecentTradesAsync("BTCUSDT"),
                "historical" => c.GetHistoricalTradesAsync("BTCUSDT", 77, 1000),
                "aggById" => c.GetAggregateTradesAsync("BTCUSDT", fromId: 5),
                "aggByTime" => c.GetAggregateTradesAsync("BTCUSDT", startTime: DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), endTime: DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_060_000)),
                "klines" => c.GetKlinesAsync("BTCUSDT", KlineInterval.OneMinute),
                "ticker" => c.GetTicker24hAsync("BTCUSDT"),
                "tickers" => c.GetTickers24hAsync(["BTCUSDT", "ETHUSDT"]),
                "price" => c.GetPriceAsync("BTCUSDT"),
                "book" => c.GetBookTickerAsync("BTCUSDT"),
                "avg" => c.GetAveragePriceAsync("BTCUSDT"),
                "account" => c.GetAccountAsync(),
                "cancel" => c.CancelOrderAsync("BTCUSDT", clientOrderId: "abc"),
                "query" => c.GetOrderAsync("BTCUSDT", exchangeOrderId: 9),
                "open" => c.GetOpenOrdersAsync("BTCUSDT"),
                "openAll" => c.GetOpenOrdersAsync(),
                "all" => c.GetAllOrdersAsync("BTCUSDT"),
                "myTrades" => c.GetMyTradesAsync("BTCUSDT", exchangeOrderId: 9),
                _ => throw new ArgumentOutOfRangeException(nameof(call)),
            };
            await task;
        }
        catch (MalformedResponseException)
        {
            // The scripted "{}" body does not parse for most endpoints; only the request matters here.
        }
    }

    [Fact]
    public async Task PlaceOrder_SendsFormParametersWithGeneratedClientOrderId_InDocumentedOrder()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, req => ScriptedTransport.Json(TestData.Order(req.GetParameter("newClientOrderId")!))));
        using var client = Client(transport);

        var order = await client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m));

        var placement = Assert.Single(transport.Requests, r => r.Endpoint.Name == "order.place");
        var cid = placement.GetParameter("newClientOrderId")!;
        Assert.True(ClientOrderIds.IsValid(cid));
        Assert.StartsWith("gx-", cid, StringComparison.Ordinal);
        Assert.Equal($"symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=50000&newClientOrderId={cid}&newOrderRespType=FULL", QueryString.Build(placement.Parameters));
        Assert.Equal(1, placement.Weight);
        Assert.Equal(cid, order.ClientOrderId);
        Assert.Equal(cid, order.Id);
    }

    [Fact]
    public async Task PlaceOrder_BreakingAFilter_NeverLeavesTheProcess()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, _ => throw new InvalidOperationException("must not send")));
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<FilterViolationException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000.001m)));

        Assert.Equal("PRICE_FILTER", ex.FilterType);
        Assert.DoesNotContain(transport.Requests, r => r.Endpoint.Name == "order.place");
    }

    [Fact]
    public async Task PlaceOrder_OnHaltedSymbol_IsReported()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, _ => throw new InvalidOperationException("must not send")));
        using var client = Client(transport);

        var ex = await Assert.ThrowsAsync<SymbolNotTradingException>(() => client.PlaceOrderAsync(OrderRequest.Limit("HALTUSDT", OrderSide.Buy, 1m, 1m)));

        Assert.Equal(SymbolStatus.Halt, ex.Status);
    }

    [Fact]
    public async Task PlaceOrder_InvalidClientOrderId_Rejected()
    {
        using var client = Client(new ScriptedTransport(r => InfoOr(r, _ => throw new InvalidOperationException())));

        await Assert.ThrowsAsync<ExchangeValidationException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "has space" }));
    }

    [Fact]
    public async Task PlaceOrder_Filled_ReportsLatencyAndSlippage()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, _ => ScriptedTransport.Json(TestData.FilledOrderJson)));
        using var client = Client(transport);

        var order = await client.PlaceOrderAsync(OrderRequest.Market("BTCUSDT", OrderSide.Buy, 0.1m) with { ReferencePrice = 50_000m, ClientOrderId = "CLIENT_ID" });

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal(50_100m, order.AveragePrice);
        Assert.Equal(0.2m, order.SlippagePercent);
        Assert.True(order.LatencyMs >= 0);
    }

    public static TheoryData<string> AmbiguousOutcomes() => ["timeout", "connection", "502", "-1007"];

    [Theory]
    [MemberData(nameof(AmbiguousOutcomes))]
    public async Task PlaceOrder_UnknownOutcome_ReconcilesByClientOrderId_AndNeverResends(string outcome)
    {
        var transport = new ScriptedTransport(r => r.Endpoint.Name switch
        {
            "exchangeInfo" => ScriptedTransport.Json(TestData.ExchangeInfoJson),
            "order.place" => outcome switch
            {
                "timeout" => throw new ExchangeTimeoutException("read timeout"),
                "connection" => throw new ExchangeUnavailableException("connection reset"),
                "502" => ScriptedTransport.Json("<html>Bad Gateway</html>", 502),
                _ => ScriptedTransport.Json("""{"code":-1007,"msg":"Timeout waiting for response from backend server. Send status unknown; execution status unknown."}""", 408),
            },
            "order.status" => ScriptedTransport.Json(TestData.Order(r.GetParameter("origClientOrderId")!, "FILLED")),
            _ => throw new InvalidOperationException(r.Endpoint.Name),
        });
        using var client = Client(transport);

        var task = client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "my-order-1" });
        _time.Advance(TimeSpan.FromSeconds(1));
        var order = await task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(OrderStatus.Filled, order.Status);
        Assert.Equal("my-order-1", order.ClientOrderId);
        Assert.Single(transport.Requests, r => r.Endpoint.Name == "order.place");
        Assert.Equal("my-order-1", transport.Requests.Single(r => r.Endpoint.Name == "order.status").GetParameter("origClientOrderId"));
    }

    [Fact]
    public async Task PlaceOrder_NotFoundAfterAllReconcileQueries_ThrowsUnknownStatus_WithoutResending()
    {
        var transport = new ScriptedTransport(r => r.Endpoint.Name switch
        {
            "exchangeInfo" => ScriptedTransport.Json(TestData.ExchangeInfoJson),
            "order.place" => ScriptedTransport.Json("upstream error", 503),
            "order.status" => ScriptedTransport.Json("""{"code":-2013,"msg":"Order does not exist."}""", 400),
            _ => throw new InvalidOperationException(r.Endpoint.Name),
        });
        using var client = Client(transport, o =>
        {
            o.Orders.ReconcileAttempts = 3;
            o.Orders.ReconcileDelay = TimeSpan.Zero;
        });

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "lost-1" }));
        Assert.Equal("lost-1", ex.ClientOrderId);
        Assert.Single(transport.Requests, r => r.Endpoint.Name == "order.place");
        Assert.Equal(3, transport.Requests.Count(r => r.Endpoint.Name == "order.status"));
    }

    [Fact]
    public async Task PlaceOrder_ReconcileBlockedByOpenCircuit_StillReportsUnknownStatus_NotFailure()
    {
        var transport = new ScriptedTransport(r => r.Endpoint.Name switch
        {
            "exchangeInfo" => ScriptedTransport.Json(TestData.ExchangeInfoJson),
            "order.place" => throw new ExchangeTimeoutException("read timeout"),
            _ => throw new CircuitOpenException("open", TimeSpan.FromSeconds(60)),
        });
        using var client = Client(transport, o => o.Orders.ReconcileDelay = TimeSpan.Zero);

        var ex = await Assert.ThrowsAsync<UnknownOrderStatusException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m) with { ClientOrderId = "blocked-1" }));

        Assert.IsType<CircuitOpenException>(ex.InnerException);
        Assert.Single(transport.Requests, r => r.Endpoint.Name == "order.status");
    }

    [Fact]
    public async Task PlaceOrder_CircuitOpen_IsNotReconciled_BecauseNothingWasSent()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, _ => throw new CircuitOpenException("open")));
        using var client = Client(transport);

        await Assert.ThrowsAsync<CircuitOpenException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));

        Assert.DoesNotContain(transport.Requests, r => r.Endpoint.Name == "order.status");
    }

    [Fact]
    public async Task PlaceOrder_Rejected_IsTypedAndNotReconciled()
    {
        var transport = new ScriptedTransport(r => InfoOr(r, _ => ScriptedTransport.Json("""{"code":-2010,"msg":"Account has insufficient balance for requested action."}""", 400)));
        using var client = Client(transport);

        await Assert.ThrowsAsync<InsufficientBalanceException>(() => client.PlaceOrderAsync(OrderRequest.Limit("BTCUSDT", OrderSide.Buy, 0.1m, 50_000m)));

        Assert.DoesNotContain(transport.Requests, r => r.Endpoint.Name == "order.status");
    }

    [Fact]
    public async Task ExchangeInfo_IsCached24h_ThenRefreshed()
    {
        var transport = new ScriptedTransport(_ => ScriptedTransport.Json(TestData.ExchangeInfoJson));
        using var client = Client(transport);
        var loaded = 0;
        client.ExchangeInfoLoaded += _ => loaded++;

        await client.GetExchangeInfoAsync();
        await client.GetSymbolRulesAsync("BTCUSDT");
        _time.Advance(TimeSpan.FromHours(23));
        await client.GetExchangeInfoAsync();
        Assert.Single(transport.Requests);

        _time.Advance(TimeSpan.FromHours(2));
        await client.GetExchangeInfoAsync();
        await client.GetExchangeInfoAsync(forceRefresh: true);

        Assert.Equal(3, transport.Requests.Count);
        Assert.Equal(3, loaded);
    }

    [Theory]
    [InlineData(429, "{\"code\":-1003,\"msg\":\"Too much request weight used.\"}", typeof(RateLimitExceededException))]
    [InlineData(418, "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned.\"}", typeof(IpBannedException))]
    [InlineData(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}", typeof(ExchangeValidationException))]
    [InlineData(400, "{\"code\":-1021,\"msg\":\"Timestamp for this request is outside of the recvWindow.\"}", typeof(TimestampException))]
    [InlineData(401, "{\"code\":-2015,\"msg\":\"Invalid API-key, IP, or permissions for action.\"}", typeof(AuthenticationException))]
    [InlineData(503, "<html><body><h1>503 Service Unavailable</h1></body></html>", typeof(ExchangeUnavailableException))]
    [InlineData(200, "<html><body>captive portal</body></html>", typeof(MalformedResponseException))]
    [InlineData(200, "{\"serverTime\":15", typeof(MalformedResponseException))]
    [InlineData(404, "Not Found", typeof(MalformedResponseException))]
    [InlineData(403, "<html>WAF</html>", typeof(ExchangeException))]
    public async Task ErrorResponses_BecomeTypedExceptions_WithStatusAndTrimmedBody(int status, string body, Type expected)
    {
        var headers = new Dictionary<string, string> { ["Retry-After"] = "7" };
        using var client = Client(new ScriptedTransport(_ => ScriptedTransport.Json(body, status, headers)));

        var ex = await Assert.ThrowsAnyAsync<ExchangeException>(() => client.GetServerTimeAsync());

        Assert.IsType(expected, ex);
        Assert.Equal(status, ex.HttpStatus);
        Assert.NotNull(ex.CorrelationId);
        Assert.NotNull(ex.ResponseBodyExcerpt);
        if (ex is RateLimitExceededException rl)
        {
            Assert.Equal(TimeSpan.FromSeconds(7), rl.RetryAfter);
        }
    }

    [Fact]
    public async Task HugeHtmlBody_IsTrimmedInTheException()
    {
        var body = "<html>" + new string('x', 100_000) + "</html>";
        using var client = Client(new ScriptedTransport(_ => ScriptedTransport.Json(body, 502)));

        var ex = await Assert.ThrowsAsync<ExchangeUnavailableException>(() => client.GetServerTimeAsync());

        Assert.True(ex.ResponseBodyExcerpt!.Length <= 513);
        Assert.True(ex.Message.Length < 1_000);
    }
}
